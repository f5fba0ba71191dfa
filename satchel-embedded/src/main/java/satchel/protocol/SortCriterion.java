package satchel.protocol;

/** One RFC 5256 sort-criterion: a sort key, ascending or (REVERSE) descending. */
public record SortCriterion(Key key, boolean reverse) {
    /** RFC 5256 §3 sort keys, with DISPLAYFROM and DISPLAYTO from RFC 5957 §4. */
    public enum Key { ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, DISPLAYFROM, DISPLAYTO }
}

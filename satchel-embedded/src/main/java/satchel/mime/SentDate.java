package satchel.mime;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The calendar date of an RFC 5322 Date field as written, time and zone ignored (RFC 3501 SENTON etc.). */
final class SentDate {
    private static final Pattern RFC5322 = Pattern.compile("(\\d{1,2})\\s*[- ]\\s*([A-Za-z]{3})[A-Za-z]*\\.?\\s*[- ]\\s*(\\d{2,4})");
    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private SentDate() {}

    /** The date, or null when none can be found. */
    static LocalDate parse(String v) {
        if (v == null) return null;
        if (v.length() > 200) v = v.substring(0, 200);
        try {
            Matcher m = RFC5322.matcher(v);
            if (m.find()) {
                int month = MONTHS.indexOf(m.group(2).toLowerCase(java.util.Locale.ROOT));
                if (month >= 0 && month % 3 == 0) {
                    int year = Integer.parseInt(m.group(3));
                    if (m.group(3).length() <= 2) year += year < 50 ? 2000 : 1900; // RFC 5322 §4.3
                    else if (m.group(3).length() == 3) year += 1900;
                    return LocalDate.of(year, month / 3 + 1, Integer.parseInt(m.group(1)));
                }
            }
            Matcher iso = ISO.matcher(v);
            if (iso.find()) {
                return LocalDate.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
                        Integer.parseInt(iso.group(3)));
            }
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
        return null;
    }
}

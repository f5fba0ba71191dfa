package satchel.mime;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RFC 5256 §2.2 sent date: an RFC 5322 §3.3 date-time (obsolete forms too: two-digit years, named and
 * military zones) normalised to UTC. An unreadable zone counts as UTC and an unreadable time as 00:00:00, as
 * §2.2 says; without a readable calendar date there is no sent date and the caller uses the internal date.
 */
final class SentTime {
    private static final Pattern DATE = Pattern.compile(
            "(\\d{1,2})\\s*[- ]?\\s*([A-Za-z]{3})[A-Za-z]*\\.?\\s*[- ]?\\s*(\\d{2,4})"
            + "(?:\\s+(\\d{1,2})\\s*:\\s*(\\d{1,2})(?:\\s*:\\s*(\\d{1,2}))?)?"
            + "(?:\\s*([+-]\\d{4}|[A-Za-z]{1,5}))?");
    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";
    /** RFC 5322 §4.3 obs-zone; military zones other than Z are ambiguous there and read as UTC. */
    private static final Map<String, Integer> ZONES = Map.of("UT", 0, "GMT", 0, "EST", -5, "EDT", -4, "CST", -6,
            "CDT", -5, "MST", -7, "MDT", -6, "PST", -8, "PDT", -7);

    private SentTime() {}

    /** The instant, or null when {@code v} is null or has no readable calendar date. */
    static Instant parse(String v) {
        if (v == null) return null;
        if (v.length() > 200) v = v.substring(0, 200);
        Matcher m = DATE.matcher(v);
        while (m.find()) {
            LocalDate day = day(m);
            if (day == null) continue;
            LocalTime time = time(m);
            return day.atTime(time).toInstant(zone(m.group(7)));
        }
        return null;
    }

    private static LocalDate day(Matcher m) {
        int month = MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT));
        if (month < 0 || month % 3 != 0) return null;
        try {
            int year = Integer.parseInt(m.group(3));
            if (m.group(3).length() <= 2) year += year < 50 ? 2000 : 1900; // RFC 5322 §4.3
            else if (m.group(3).length() == 3) year += 1900;
            return LocalDate.of(year, month / 3 + 1, Integer.parseInt(m.group(1)));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static LocalTime time(Matcher m) {
        if (m.group(4) == null) return LocalTime.MIDNIGHT;
        try {
            int h = Integer.parseInt(m.group(4)), min = Integer.parseInt(m.group(5));
            int s = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            return LocalTime.of(h, min, s == 60 ? 59 : s); // a leap second stays in its minute
        } catch (DateTimeException | NumberFormatException e) {
            return LocalTime.MIDNIGHT;
        }
    }

    private static ZoneOffset zone(String z) {
        if (z == null) return ZoneOffset.UTC;
        try {
            if (z.charAt(0) == '+' || z.charAt(0) == '-') {
                int sign = z.charAt(0) == '-' ? -1 : 1;
                int hh = Integer.parseInt(z.substring(1, 3)), mm = Integer.parseInt(z.substring(3, 5));
                return mm > 59 ? ZoneOffset.UTC : ZoneOffset.ofHoursMinutes(sign * hh, sign * mm);
            }
            Integer h = ZONES.get(z.toUpperCase(Locale.ROOT));
            return h == null ? ZoneOffset.UTC : ZoneOffset.ofHours(h);
        } catch (DateTimeException | NumberFormatException e) {
            return ZoneOffset.UTC;
        }
    }
}

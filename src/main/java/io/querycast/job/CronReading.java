package io.querycast.job;

import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * A schedule read back to the person writing it: in words (the common shapes: a time of day, every N minutes
 * or hours, weekdays, a day of the month; anything else field by field) and the next fire times Quartz itself
 * computes ({@link CronExpression}) in the job's time zone.
 */
public final class CronReading {

    private static final Map<String, String> DAYS = Map.of("1", "Sunday", "2", "Monday", "3", "Tuesday", "4", "Wednesday", "5", "Thursday",
            "6", "Friday", "7", "Saturday");
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December"};

    private CronReading() {
    }

    /** The next {@code count} fire times after {@code after}; fewer when the schedule ends (a year field). */
    public static List<Instant> nextFireTimes(CronSchedule schedule, ZoneId zone, Instant after, int count) {
        CronExpression cron;
        try {
            cron = new CronExpression(schedule.quartz());
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        cron.setTimeZone(TimeZone.getTimeZone(zone));
        List<Instant> out = new ArrayList<>();
        Date next = Date.from(after);
        while (out.size() < count) {
            next = cron.getNextValidTimeAfter(next);
            if (next == null) {
                break;
            }
            out.add(next.toInstant());
        }
        return out;
    }

    /** In words, e.g. "at 08:00, every day" or "every 15 minutes, Monday to Friday". */
    public static String describe(CronSchedule schedule) {
        String[] f = schedule.quartz().trim().split("\\s+");
        String sec = f[0], min = f[1], hour = f[2], dom = f[3], month = f[4], dow = f[5];
        String year = f.length > 6 ? f[6] : "*";
        StringBuilder s = new StringBuilder(time(sec, min, hour));
        s.append(", ").append(days(dom, dow));
        if (!month.equals("*") && !month.equals("?")) {
            s.append(", in ").append(months(month));
        }
        if (!year.equals("*") && !year.equals("?")) {
            s.append(", in ").append(year);
        }
        return s.toString();
    }

    private static boolean number(String v) {
        return v.matches("\\d{1,2}");
    }

    private static String time(String sec, String min, String hour) {
        String secPart = sec.equals("0") ? "" : " (second " + sec + ")";
        if (number(min) && number(hour)) {
            return "at " + two(hour) + ":" + two(min) + secPart;
        }
        if (number(min) && hour.matches("\\d{1,2}(,\\d{1,2})+")) {
            List<String> times = new ArrayList<>();
            for (String h : hour.split(",")) {
                times.add(two(h) + ":" + two(min));
            }
            return "at " + String.join(", ", times) + secPart;
        }
        if (min.matches("(\\*|0)/\\d+") && hour.equals("*")) {
            return "every " + plural(min.substring(min.indexOf('/') + 1), "minute") + secPart;
        }
        if (min.equals("*") && hour.equals("*")) {
            return sec.equals("0") ? "every minute" : "every second " + sec + " of each minute";
        }
        if (number(min) && hour.equals("*")) {
            return "at minute " + min + " of every hour" + secPart;
        }
        if (number(min) && hour.matches("(\\*|\\d{1,2})/\\d+")) {
            String start = hour.startsWith("*") ? "0" : hour.substring(0, hour.indexOf('/'));
            return "every " + plural(hour.substring(hour.indexOf('/') + 1), "hour") + " from " + two(start) + ":" + two(min) + secPart;
        }
        if (number(min) && hour.matches("\\d{1,2}-\\d{1,2}")) {
            String[] r = hour.split("-");
            return "at minute " + min + " of every hour from " + two(r[0]) + ":00 to " + two(r[1]) + ":59" + secPart;
        }
        if (min.matches("(\\*|0)/\\d+") && hour.matches("\\d{1,2}-\\d{1,2}")) {
            String[] r = hour.split("-");
            return "every " + plural(min.substring(min.indexOf('/') + 1), "minute") + " from " + two(r[0]) + ":00 to " + two(r[1]) + ":59" + secPart;
        }
        return "at second " + sec + ", minute " + min + ", hour " + hour;
    }

    private static String days(String dom, String dow) {
        boolean anyDom = dom.equals("*") || dom.equals("?");
        boolean anyDow = dow.equals("*") || dow.equals("?");
        if (anyDom && anyDow) {
            return "every day";
        }
        if (!anyDow) {
            String d = dow.toUpperCase(Locale.ROOT);
            for (int i = 1; i <= 7; i++) {
                d = d.replace(new String[]{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}[i - 1], Integer.toString(i));
            }
            if (d.matches("[1-7]-[1-7]")) {
                return DAYS.get(d.substring(0, 1)) + " to " + DAYS.get(d.substring(2));
            }
            if (d.matches("[1-7](,[1-7])*")) {
                List<String> names = new ArrayList<>();
                for (String x : d.split(",")) {
                    names.add(DAYS.get(x));
                }
                return "on " + String.join(", ", names);
            }
            return "on days of the week " + dow;
        }
        if (dom.equals("L")) {
            return "on the last day of the month";
        }
        if (dom.matches("\\d{1,2}(,\\d{1,2})*")) {
            return "on day " + dom.replace(",", ", ") + " of the month";
        }
        return "on days of the month " + dom;
    }

    private static String months(String month) {
        if (month.matches("\\d{1,2}(,\\d{1,2})*")) {
            List<String> names = new ArrayList<>();
            for (String m : month.split(",")) {
                int i = Integer.parseInt(m);
                names.add(i >= 1 && i <= 12 ? MONTHS[i - 1] : m);
            }
            return String.join(", ", names);
        }
        return "months " + month;
    }

    private static String two(String n) {
        return n.length() == 1 ? "0" + n : n;
    }

    private static String plural(String n, String unit) {
        return n.equals("1") ? unit : n + " " + unit + "s";
    }
}

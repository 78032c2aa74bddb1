package io.querycast.job;

import org.quartz.CronExpression;

import java.text.ParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's schedule as Quartz understands it. Accepts Quartz's own 6/7-field form ({@code 0 0 8 * * ?})
 * and the 5-field crontab form people type ({@code 0 8 * * *}), converting the latter: seconds 0,
 * day-of-week numbers from crontab's 0-7 (0 and 7 = Sunday) to Quartz's 1-7 (1 = Sunday), and '?' in
 * the day field crontab leaves open.
 */
public record CronSchedule(String original, String quartz) {

    private static final Pattern NUMBER = Pattern.compile("(?<![/0-9])([0-7])(?![0-9])");

    public static CronSchedule parse(String text) {
        String trimmed = text.trim().replaceAll("\\s+", " ");
        String[] f = trimmed.split(" ");
        String quartz;
        if (f.length == 5) {
            String dom = f[2];
            String dow = f[4];
            if (!dom.equals("*") && !dow.equals("*") && !dom.equals("?") && !dow.equals("?")) {
                throw new IllegalArgumentException("'" + text + "': Quartz cannot combine a day of month (" + dom
                        + ") with a day of week (" + dow + "); set one of them to *");
            }
            if (dow.equals("*") || dow.equals("?")) {
                dow = "?";
            } else {
                dom = "?";
                dow = crontabDaysToQuartz(dow);
            }
            quartz = "0 " + f[0] + " " + f[1] + " " + dom + " " + f[3] + " " + dow;
        } else if (f.length == 6 || f.length == 7) {
            quartz = trimmed;
        } else {
            throw new IllegalArgumentException("'" + text + "' has " + f.length
                    + " fields; expected 5 (crontab: min hour day month weekday) or 6-7 (Quartz: sec min hour day month weekday [year])");
        }
        try {
            new CronExpression(quartz);
        } catch (ParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid cron expression"
                    + (quartz.equals(trimmed) ? "" : " (as Quartz: '" + quartz + "')") + ": " + e.getMessage());
        }
        return new CronSchedule(text, quartz);
    }

    private static String crontabDaysToQuartz(String dow) {
        Matcher m = NUMBER.matcher(dow);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int day = Integer.parseInt(m.group(1));
            m.appendReplacement(out, Integer.toString(day == 7 ? 1 : day + 1));
        }
        m.appendTail(out);
        return out.toString();
    }
}

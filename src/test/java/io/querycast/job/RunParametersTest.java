package io.querycast.job;

import io.querycast.query.QueryFile;
import io.querycast.query.QueryFileParser;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunParametersTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 1, 1);

    private final QueryFile query = new QueryFileParser().parse("q.sql", """
            define DATA='2026-01-17'  --Obbligatorio: Data estrazione
            define STATO='OK'  --Opzionale: Stato
            define CANALE='WEB'  --Opzionale: Canale
            SELECT * FROM T
            WHERE D >= TO_DATE('&DATA', 'YYYY-MM-DD') AND D < TO_DATE('&DATA', 'YYYY-MM-DD') + 1
              AND STATUS = '&STATO' AND CANALE = :canale
            """);

    private static ExportJob job(Map<String, String> parameters) {
        return new ExportJob("daily", "jobs/daily.yaml", "", true, "q.sql", "cdg",
                CronSchedule.parse("0 8 * * *"), ZoneId.of("UTC"), parameters, "default", "t", "id", 100, true, false,
                io.querycast.message.JsonColumns.EMBED, 10_000,
                new ExportJob.Delivery(3, java.time.Duration.ofMillis(100), "t.DLT", 95.0));
    }

    @Test
    void overridesBeatJobValuesWhichBeatOptionalDefaults() {
        ExportJob job = job(Map.of("DATA", "2026-01-10", "STATO", "KO"));

        RunParameters p = RunParameters.resolve(job, query, Map.of("DATA", "2026-01-05"), TODAY);

        assertThat(p.values()).isEqualTo(Map.of("DATA", "2026-01-05", "STATO", "KO", "CANALE", "WEB"));
    }

    @Test
    void jobValuesAreUsedWithoutOverrides() {
        RunParameters p = RunParameters.resolve(job(Map.of("DATA", "2026-01-10")), query, Map.of(), TODAY);

        assertThat(p.values()).isEqualTo(Map.of("DATA", "2026-01-10", "STATO", "OK", "CANALE", "WEB"));
    }

    @Test
    void dateExpressionsAreResolvedAgainstTheRunDate() {
        ExportJob job = job(Map.of("DATA", "{date-1}", "STATO", "S{date:yyyyMMdd}"));

        RunParameters p = RunParameters.resolve(job, query, Map.of("CANALE", "{date+1:dd/MM}"), TODAY);

        assertThat(p.values()).isEqualTo(Map.of("DATA", "2025-12-31", "STATO", "S20260101", "CANALE", "02/01"));
    }

    @Test
    void bindValuesFollowTheBindOrderIncludingRepeats() {
        assertThat(query.jdbcSql()).isEqualTo("""
                SELECT * FROM T
                WHERE D >= TO_DATE(?, 'YYYY-MM-DD') AND D < TO_DATE(?, 'YYYY-MM-DD') + 1
                  AND STATUS = ? AND CANALE = ?""");
        assertThat(query.bindOrder()).containsExactly("DATA", "DATA", "STATO", "CANALE");

        RunParameters p = RunParameters.resolve(job(Map.of("DATA", "{date-1}", "CANALE", "APP")), query, Map.of(), TODAY);

        assertThat(p.bindValues()).containsExactly("2025-12-31", "2025-12-31", "OK", "APP");
    }

    @Test
    void injectionTextIsPassedThroughUnchangedAsABindValue() {
        String injection = "x' OR '1'='1";

        RunParameters p = RunParameters.resolve(job(Map.of("DATA", "2026-01-10")), query, Map.of("STATO", injection), TODAY);

        assertThat(p.bindValues()).containsExactly("2026-01-10", "2026-01-10", injection, "WEB");
        assertThat(query.jdbcSql()).doesNotContain(injection).doesNotContain("OR '1'");
    }

    @Test
    void requiredParameterWithoutValueFails() {
        assertThatThrownBy(() -> RunParameters.resolve(job(Map.of()), query, Map.of(), TODAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter DATA of q.sql is required and has no value (job daily)");
    }

    @Test
    void blankOverrideOfARequiredParameterFailsInsteadOfUsingTheDefineExample() {
        assertThatThrownBy(() -> RunParameters.resolve(job(Map.of("DATA", "2026-01-10")), query, Map.of("DATA", " "), TODAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter DATA of q.sql is required and has no value (job daily)");
    }

    @Test
    void nullOverrideOfAnOptionalParameterFallsBackToTheDefault() {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("STATO", null);

        RunParameters p = RunParameters.resolve(job(Map.of("DATA", "d", "STATO", "KO")), query, overrides, TODAY);

        assertThat(p.values()).containsEntry("STATO", "OK");
    }

    @Test
    void emptyOverrideOfAnOptionalParameterIsKeptAsEmpty() {
        RunParameters p = RunParameters.resolve(job(Map.of("DATA", "d")), query, Map.of("STATO", ""), TODAY);

        assertThat(p.values()).containsEntry("STATO", "");
        assertThat(p.bindValues()).isEqualTo(Arrays.asList("d", "d", "", "WEB"));
    }
}

package io.querycast.job;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamicValuesTest {

    private static final LocalDate JAN_17 = LocalDate.of(2026, 1, 17);

    @Test
    void dateIsTodayInIsoForm() {
        assertThat(DynamicValues.resolve("{date}", JAN_17)).isEqualTo("2026-01-17");
    }

    @Test
    void dateMinusAndPlusDays() {
        assertThat(DynamicValues.resolve("{date-1}", JAN_17)).isEqualTo("2026-01-16");
        assertThat(DynamicValues.resolve("{date+7}", JAN_17)).isEqualTo("2026-01-24");
        assertThat(DynamicValues.resolve("{date-0}", JAN_17)).isEqualTo("2026-01-17");
        assertThat(DynamicValues.resolve("{date-365}", JAN_17)).isEqualTo("2025-01-17");
    }

    @Test
    void dateWithFormat() {
        assertThat(DynamicValues.resolve("{date-1:yyyyMMdd}", JAN_17)).isEqualTo("20260116");
        assertThat(DynamicValues.resolve("{date:dd/MM/yyyy}", JAN_17)).isEqualTo("17/01/2026");
        assertThat(DynamicValues.resolve("{date+1:yyyy-MM-dd'T00:00'}", JAN_17)).isEqualTo("2026-01-18T00:00");
    }

    @Test
    void textAroundExpressionsIsKept() {
        assertThat(DynamicValues.resolve("from {date-7} to {date-1}!", JAN_17))
                .isEqualTo("from 2026-01-10 to 2026-01-16!");
        assertThat(DynamicValues.resolve("EXPORT_{date:yyyyMMdd}.csv", JAN_17)).isEqualTo("EXPORT_20260117.csv");
    }

    @Test
    void valuesWithoutExpressionsAreUnchanged() {
        assertThat(DynamicValues.resolve("2026-01-17", JAN_17)).isEqualTo("2026-01-17");
        assertThat(DynamicValues.resolve("x' OR '1'='1", JAN_17)).isEqualTo("x' OR '1'='1");
        assertThat(DynamicValues.resolve("{other}", JAN_17)).isEqualTo("{other}");
        assertThat(DynamicValues.resolve("", JAN_17)).isEmpty();
        assertThat(DynamicValues.resolve(null, JAN_17)).isNull();
    }

    @Test
    void crossesMonthAndYearBoundaries() {
        LocalDate jan1 = LocalDate.of(2026, 1, 1);
        assertThat(DynamicValues.resolve("{date-1}", jan1)).isEqualTo("2025-12-31");
        assertThat(DynamicValues.resolve("{date-1:yyyyMMdd}", jan1)).isEqualTo("20251231");

        LocalDate dec31 = LocalDate.of(2025, 12, 31);
        assertThat(DynamicValues.resolve("{date+1}", dec31)).isEqualTo("2026-01-01");

        assertThat(DynamicValues.resolve("{date-1}", LocalDate.of(2026, 3, 1))).isEqualTo("2026-02-28");
        assertThat(DynamicValues.resolve("{date-1}", LocalDate.of(2024, 3, 1))).isEqualTo("2024-02-29");
        assertThat(DynamicValues.resolve("{date+7}", LocalDate.of(2026, 2, 25))).isEqualTo("2026-03-04");
    }

    @Test
    void validateAcceptsKnownExpressions() {
        assertThatCode(() -> {
            DynamicValues.validate("{date}");
            DynamicValues.validate("{date-1}");
            DynamicValues.validate("{date+7:yyyyMMdd}");
            DynamicValues.validate("from {date-7} to {date-1:dd/MM/yyyy}");
            DynamicValues.validate("plain text");
            DynamicValues.validate(null);
        }).doesNotThrowAnyException();
    }

    @Test
    void validateRejectsUnknownExpression() {
        assertThatThrownBy(() -> DynamicValues.validate("{dat-1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'{dat-1}' has an unknown expression; use {date}, {date-N} or {date+N}, optionally with :format");
        assertThatThrownBy(() -> DynamicValues.validate("{date} and {today}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'{date} and {today}' has an unknown expression; use {date}, {date-N} or {date+N}, optionally with :format");
        assertThatThrownBy(() -> DynamicValues.validate("{date*2}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'{date*2}' has an unknown expression");
    }

    @Test
    void validateRejectsBadFormatPattern() {
        assertThatThrownBy(() -> DynamicValues.validate("{date-1:yyyyMMddbb}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'yyyyMMddbb' is not a valid date format: Unknown pattern letter: b");
    }

    @Test
    void validateRejectsTimeFieldsADateCannotFormat() {
        assertThatThrownBy(() -> DynamicValues.validate("{date:yyyy-MM-dd HH:mm}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'yyyy-MM-dd HH:mm' is not a valid date format: ")
                .hasMessageContaining("HourOfDay");
    }
}

package io.querycast.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTest {

    @Test
    void percentilesAreTheBucketBoundNeverBelowTheTrueValueAndCappedAtTheMax() {
        LatencyHistogram h = new LatencyHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            h.record(Duration.ofMillis(ms));
        }
        assertThat(h.count()).isEqualTo(100);
        assertThat(h.averageMillis()).isEqualTo(50.5);
        // true p50 = 50 ms, p90 = 90 ms, p99 = 99 ms
        assertThat(h.percentileMillis(0.5)).isEqualTo(50.0);
        assertThat(h.percentileMillis(0.9)).isEqualTo(100.0);
        assertThat(h.percentileMillis(0.99)).isEqualTo(100.0);

        LatencyHistogram one = new LatencyHistogram();
        one.record(Duration.ofMillis(120));
        assertThat(one.percentileMillis(0.99)).as("capped at the largest latency seen").isEqualTo(120.0);
        assertThat(new LatencyHistogram().percentileMillis(0.5)).isNull();
        assertThat(new LatencyHistogram().averageMillis()).isNull();
    }

    @Test
    void histogramsMergeAndSurviveTheirTextForm() {
        LatencyHistogram a = new LatencyHistogram();
        a.record(Duration.ofMillis(3));
        a.record(Duration.ofMillis(4));
        LatencyHistogram b = new LatencyHistogram();
        b.record(Duration.ofSeconds(400));
        a.merge(b);
        LatencyHistogram back = LatencyHistogram.decode(a.encode(), a.sumMicros(), a.maxMicros());
        assertThat(back.count()).isEqualTo(3);
        assertThat(back.encode()).isEqualTo(a.encode()).startsWith("0,0,1,1,");
        assertThat(back.percentileMillis(0.5)).isEqualTo(5.0);
        assertThat(back.percentileMillis(0.99)).as("above the last bound: the max").isEqualTo(400_000.0);
        assertThat(LatencyHistogram.decode("", 0, 0).count()).isZero();
    }
}

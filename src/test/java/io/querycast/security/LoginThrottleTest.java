package io.querycast.security;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login throttle against the attempts that got around it: the same user name in other letter cases (user
 * lookup ignores case, so each spelling used to get 5 more tries), and a spray of made-up names (each one used
 * to stay in memory for good).
 */
class LoginThrottleTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    /** The chain behind the throttle: every password is wrong (401), and the attempts that got this far are counted. */
    final AtomicInteger checked = new AtomicInteger();
    final FilterChain wrongPassword = (req, res) -> {
        checked.incrementAndGet();
        ((jakarta.servlet.http.HttpServletResponse) res).setStatus(401);
    };

    static MockHttpServletRequest basic(String user, String address) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/jobs");
        request.setServletPath("/api/jobs");
        request.setRemoteAddr(address);
        request.addHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":guess").getBytes(StandardCharsets.UTF_8)));
        return request;
    }

    int attempt(LoginThrottle throttle, String user, String address) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        throttle.doFilter(basic(user, address), response, wrongPassword);
        return response.getStatus();
    }

    @Test
    void everySpellingOfANameSharesItsFailures() throws Exception {
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(5), CLOCK, 10_000);
        for (String spelling : new String[]{"viewer", "Viewer", "VIEWER", "vIEWER", "VieWer"}) {
            assertThat(attempt(throttle, spelling, "10.0.0.5")).as(spelling).isEqualTo(401);
        }
        for (String spelling : new String[]{"viewer", "VIEWER", "ViEwEr"}) {
            assertThat(attempt(throttle, spelling, "10.0.0.5")).as(spelling).isEqualTo(429);
        }
        assertThat(checked).as("passwords checked").hasValue(5);
        assertThat(throttle.tracked()).isEqualTo(1);
        // another address has its own count
        assertThat(attempt(throttle, "Viewer", "10.0.0.6")).isEqualTo(401);
    }

    @Test
    void namesLongerThanAnyUserShareTheCountOfTheirFirstCharacters() throws Exception {
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(5), CLOCK, 10_000);
        String prefix = "x".repeat(LoginThrottle.MAX_NAME_LENGTH);
        for (int i = 0; i < 5; i++) {
            assertThat(attempt(throttle, prefix + i + "y".repeat(10_000), "10.0.0.5")).isEqualTo(401);
        }
        assertThat(attempt(throttle, prefix + "another", "10.0.0.5")).isEqualTo(429);
        assertThat(throttle.tracked()).isEqualTo(1);
    }

    @Test
    void aSprayOfTenThousandNamesKeepsAtMostTheConfiguredNumberOldestForgottenFirst() throws Exception {
        int max = 1_000;
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(5), CLOCK, max);
        // a name that is being guessed, touched again late in the spray: it stays
        assertThat(attempt(throttle, "operator", "10.0.0.9")).isEqualTo(401);
        for (int i = 0; i < 10_000; i++) {
            // 1 KB names: had they been kept whole, 10 MB
            assertThat(attempt(throttle, "spray-" + i + "-" + "z".repeat(1_000), "10.0.0.5")).isEqualTo(401);
            assertThat(throttle.tracked()).isLessThanOrEqualTo(max);
            if (i == 9_500) {
                assertThat(attempt(throttle, "operator", "10.0.0.9")).isEqualTo(401);
            }
        }
        assertThat(throttle.tracked()).isEqualTo(max);
        assertThat(throttle.tracks("spray-0-" + "z".repeat(1_000), "10.0.0.5")).as("the oldest is gone").isFalse();
        // kept: the 999 names touched last and the one touched again at 9,500
        assertThat(throttle.tracks("spray-9001-" + "z".repeat(1_000), "10.0.0.5")).as("among the newest").isTrue();
        assertThat(throttle.tracks("spray-9000-" + "z".repeat(1_000), "10.0.0.5")).as("just older than the newest").isFalse();
        assertThat(throttle.tracks("operator", "10.0.0.9")).as("touched late, kept").isTrue();
        assertThat(throttle.trackedKeyChars()).as("what the remembered names take").isLessThanOrEqualTo((long) max * (LoginThrottle.MAX_NAME_LENGTH + 1 + 9));
    }
}

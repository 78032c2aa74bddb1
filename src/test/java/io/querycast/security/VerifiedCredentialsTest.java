package io.querycast.security;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The cache of verified credentials in front of the BCrypt check, on Spring's own DaoAuthenticationProvider and
 * the shipped encoder (BCrypt cost 10): a pair the hash accepted is taken again without BCrypt until it expires;
 * a wrong password is never taken, and it makes the user's next good request go to the hash again; the stored
 * hash stays what it was; the cache is bounded.
 */
class VerifiedCredentialsTest {

    static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    static final String STORED = ENCODER.encode("operator-test-password");

    final InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
            User.withUsername("ops").password(STORED).roles("VIEWER", "OPERATOR").build(),
            User.withUsername("pub").password(ENCODER.encode("publisher-test-password")).roles("PUBLISHER").build());
    /** How many times BCrypt ran: every call that reached Spring's provider. */
    final AtomicInteger hashChecks = new AtomicInteger();
    final AtomicLong nanos = new AtomicLong();
    final Ticker ticker = nanos::get;
    /** Holds every hash check until opened, so that other requests arrive while one is in progress. */
    CountDownLatch checking = new CountDownLatch(0);

    AuthenticationProvider verifier() {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(ENCODER);
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                hashChecks.incrementAndGet();
                try {
                    checking.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return dao.authenticate(authentication);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return dao.supports(authentication);
            }
        };
    }

    static Authentication login(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }

    @Test
    void aVerifiedPairIsTakenAgainWithoutBcryptUntilItExpires() {
        VerifiedCredentials credentials = new VerifiedCredentials(verifier(), Duration.ofMinutes(5), 100, ticker);
        Authentication first = credentials.authenticate(login("ops", "operator-test-password"));
        for (int i = 0; i < 100; i++) {
            Authentication again = credentials.authenticate(login("ops", "operator-test-password"));
            assertThat(again.isAuthenticated()).isTrue();
            assertThat(again.getName()).isEqualTo("ops");
            assertThat(again.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactlyInAnyOrder("ROLE_VIEWER", "ROLE_OPERATOR");
            assertThat(again.getCredentials()).isNull();
        }
        assertThat(first.getAuthorities()).hasSize(2);
        assertThat(hashChecks).as("BCrypt ran once for 101 requests").hasValue(1);

        nanos.addAndGet(Duration.ofMinutes(5).plusSeconds(1).toNanos());
        credentials.authenticate(login("ops", "operator-test-password"));
        assertThat(hashChecks).as("expired: checked against the hash again").hasValue(2);
        // what is stored is the BCrypt hash, as before
        assertThat(users.loadUserByUsername("ops").getPassword()).isEqualTo(STORED).startsWith("{bcrypt}$2a$10$");
    }

    @Test
    void aWrongPasswordIsNeverTakenAndSendsTheUsersNextRequestToTheHash() {
        VerifiedCredentials credentials = new VerifiedCredentials(verifier(), Duration.ofMinutes(5), 100, ticker);
        credentials.authenticate(login("ops", "operator-test-password"));
        credentials.authenticate(login("pub", "publisher-test-password"));
        assertThat(credentials.size()).isEqualTo(2);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> credentials.authenticate(login("ops", "operator-test-passwore"))).isInstanceOf(BadCredentialsException.class);
        }
        assertThat(hashChecks).as("every wrong password is checked").hasValue(5);
        assertThat(credentials.size()).as("ops forgotten, pub kept").isEqualTo(1);
        credentials.authenticate(login("pub", "publisher-test-password"));
        assertThat(hashChecks).hasValue(5);
        credentials.authenticate(login("ops", "operator-test-password"));
        assertThat(hashChecks).hasValue(6);
        // a user name the users file does not have is never taken either
        assertThatThrownBy(() -> credentials.authenticate(login("nobody", "operator-test-password"))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> credentials.authenticate(login("nobody", "operator-test-password"))).isInstanceOf(BadCredentialsException.class);
        assertThat(hashChecks).hasValue(8);
    }

    @Test
    void theSameNameWithAnotherPasswordIsAnotherPair() {
        // the pair is what is verified: a password that differs by one character is not a hit
        VerifiedCredentials credentials = new VerifiedCredentials(verifier(), Duration.ofMinutes(5), 100, ticker);
        credentials.authenticate(login("ops", "operator-test-password"));
        assertThatThrownBy(() -> credentials.authenticate(login("ops", "operator-test-password "))).isInstanceOf(BadCredentialsException.class);
        assertThat(hashChecks).hasValue(2);
        // user lookup ignores case: another spelling is its own pair, checked against the hash once, as the same user
        assertThat(credentials.authenticate(login("OPS", "operator-test-password")).getName()).isEqualTo("ops");
        assertThat(credentials.authenticate(login("OPS", "operator-test-password")).getName()).isEqualTo("ops");
        assertThat(hashChecks).hasValue(3);
    }

    @Test
    void atMostMaxEntriesAreKeptAndZeroTtlTurnsTheCacheOff() {
        VerifiedCredentials bounded = new VerifiedCredentials(verifier(), Duration.ofMinutes(5), 1, ticker);
        bounded.authenticate(login("ops", "operator-test-password"));
        bounded.authenticate(login("pub", "publisher-test-password"));
        assertThat(bounded.size()).isEqualTo(1);

        hashChecks.set(0);
        VerifiedCredentials off = new VerifiedCredentials(verifier(), Duration.ZERO, 100, ticker);
        off.authenticate(login("ops", "operator-test-password"));
        off.authenticate(login("ops", "operator-test-password"));
        assertThat(hashChecks).hasValue(2);
        assertThat(off.size()).isZero();
    }

    @Test
    void concurrentRequestsWithAPairNotOnRecordWaitForOneHashCheck() throws Exception {
        VerifiedCredentials credentials = new VerifiedCredentials(verifier(), Duration.ofMinutes(5), 100, ticker);
        List<Future<Authentication>> answers = heldAtTheCheck(credentials, 16, "publisher-test-password");
        for (Future<Authentication> a : answers) {
            Authentication auth = a.get(20, TimeUnit.SECONDS);
            assertThat(auth.isAuthenticated()).isTrue();
            assertThat(auth.getName()).isEqualTo("pub");
            assertThat(auth.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_PUBLISHER");
        }
        assertThat(hashChecks).as("one BCrypt check for 16 concurrent requests").hasValue(1);
        assertThat(credentials.size()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsWithAWrongPasswordAreEachCheckedAndRefused() throws Exception {
        VerifiedCredentials credentials = new VerifiedCredentials(verifier(), Duration.ofMinutes(5), 100, ticker);
        List<Future<Authentication>> answers = heldAtTheCheck(credentials, 8, "publisher-test-passwore");
        for (Future<Authentication> a : answers) {
            assertThatThrownBy(() -> a.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(BadCredentialsException.class);
        }
        // a failure is not shared: each request that waited for the first check ran its own and was refused by it
        assertThat(hashChecks).hasValue(8);
        assertThat(credentials.size()).isZero();
        // nothing left in progress: the right password is checked and then taken
        credentials.authenticate(login("pub", "publisher-test-password"));
        credentials.authenticate(login("pub", "publisher-test-password"));
        assertThat(hashChecks).hasValue(9);
    }

    /** The threads that started a request in {@link #heldAtTheCheck}. */
    final List<Thread> callers = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Callers parked: in the hash check's gate, or on the first check's outcome. */
    int parked() {
        synchronized (callers) {
            return (int) callers.stream().filter(t -> t.getState() == Thread.State.WAITING).count();
        }
    }

    /**
     * {@code n} requests of user pub with {@code password} at once, the hash check held until all {@code n} arrived
     * (one in the check, the others waiting for it), then let go; their answers.
     */
    private List<Future<Authentication>> heldAtTheCheck(VerifiedCredentials credentials, int n, String password) {
        checking = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<Authentication>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(pool.submit(() -> {
                callers.add(Thread.currentThread());
                return credentials.authenticate(login("pub", password));
            }));
        }
        pool.shutdown();
        await().atMost(Duration.ofSeconds(20)).until(() -> hashChecks.get() >= 1 && parked() == n);
        checking.countDown();
        return answers;
    }
}

package io.querycast.security;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Remembers, for a short while, user name and password pairs that the stored BCrypt hash has already accepted,
 * so that a caller sending HTTP Basic with every request (a publisher posting events, a script) pays BCrypt's
 * tens of milliseconds once per {@code ttl} instead of on every request. Spring Security's own
 * {@code UserCache} keeps user records, not verifications: BCrypt would still run every time.
 * <p>
 * What is kept is an HMAC-SHA256 of the pair under a random key drawn when the application starts (never
 * stored, never the password), mapped to the authenticated user and roles. A hit is a hash-table lookup of
 * that digest; nothing compares secrets byte by byte. Only successful verifications are kept, at most
 * {@code maxEntries}, each for {@code ttl} after it was verified; a failed login of a user name forgets that
 * user's entries, so the next request of the name is checked against the stored hash again. What is stored
 * in the users file does not change: the BCrypt hashes stay the only record of the passwords.
 * <p>
 * Concurrent requests with the same pair that find nothing on record wait for the first one's check instead of
 * each running BCrypt: when a verification expires, the publishers posting with it all miss at once, and 64 callers
 * checking the same hash at cost 10 kept both cores busy for seconds (docs/performance.md). Only a success is
 * shared; a waiter whose leader's check failed runs its own check, so each failed request is refused, counted and
 * forgets the name exactly as when it came alone.
 */
public final class VerifiedCredentials implements AuthenticationProvider {

    private final AuthenticationProvider verifier;
    /** Verifications on record and in progress, by digest; a check that failed leaves no entry (Caffeine drops failed futures). */
    private final AsyncCache<String, Verified> verified;
    private final SecretKeySpec key;

    /** A verification on record: who, with which roles. */
    private record Verified(Object principal, String name, java.util.Collection<? extends org.springframework.security.core.GrantedAuthority> authorities) {
    }

    /**
     * @param verifier   checks a password against the stored hash (Spring's DaoAuthenticationProvider)
     * @param ttl        how long a verified pair is taken without checking it again; zero turns the cache off
     * @param maxEntries most pairs kept
     */
    public VerifiedCredentials(AuthenticationProvider verifier, Duration ttl, long maxEntries) {
        this(verifier, ttl, maxEntries, Ticker.systemTicker());
    }

    VerifiedCredentials(AuthenticationProvider verifier, Duration ttl, long maxEntries, Ticker ticker) {
        this.verifier = verifier;
        // expiry starts when the check completes; the check runs on the caller's thread (an entry is only ever
        // put as a future the caller itself completes)
        this.verified = ttl.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).ticker(ticker).executor(Runnable::run).buildAsync();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = new SecretKeySpec(random, "HmacSHA256");
    }

    @Override
    public Authentication authenticate(Authentication request) throws AuthenticationException {
        if (verified == null || !(request.getCredentials() instanceof String password)) {
            return verifier.authenticate(request);
        }
        String name = request.getName();
        String digest = digest(name, password);
        CompletableFuture<Verified> mine = new CompletableFuture<>();
        CompletableFuture<Verified> known = verified.asMap().putIfAbsent(digest, mine);
        if (known != null) {
            Verified v = sharedResult(known);
            return v != null ? tokenOf(v, request) : verify(request, null);
        }
        return verify(request, mine);
    }

    /** The other request's verification once it is done, or null when it failed (this request then checks on its own). */
    private static Verified sharedResult(CompletableFuture<Verified> pending) {
        try {
            return pending.join();
        } catch (CompletionException | CancellationException e) {
            return null;
        }
    }

    /** Checks the pair against the stored hash; {@code mine}, when this request leads, tells the waiters. */
    private Authentication verify(Authentication request, CompletableFuture<Verified> mine) {
        Authentication result;
        try {
            result = verifier.authenticate(request);
        } catch (RuntimeException | Error e) {
            // whatever ends this check ends the waiters' wait too: an entry left incomplete would never expire
            if (e instanceof AuthenticationException) {
                forget(request.getName());
            }
            if (mine != null) {
                mine.completeExceptionally(e);
            }
            throw e;
        }
        if (mine != null) {
            if (result != null && result.isAuthenticated()) {
                mine.complete(new Verified(result.getPrincipal(), result.getName(), result.getAuthorities()));
            } else {
                // another provider's turn (ProviderManager): nothing to share, nothing kept
                mine.completeExceptionally(new IllegalStateException("not verified"));
            }
        }
        return result;
    }

    private static Authentication tokenOf(Verified known, Authentication request) {
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.authenticated(known.principal(), null, known.authorities());
        token.setDetails(request.getDetails());
        return token;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return verifier.supports(authentication);
    }

    /** Entries on record now (for tests and the benchmark). */
    long size() {
        if (verified == null) {
            return 0;
        }
        verified.synchronous().cleanUp();
        return verified.synchronous().estimatedSize();
    }

    private void forget(String name) {
        if (verified != null) {
            // only verifications done: one still in progress is a check of its own, which decides for itself
            verified.asMap().values().removeIf(f -> f.isDone() && !f.isCompletedExceptionally() && f.join().name().equalsIgnoreCase(name));
        }
    }

    private String digest(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            // a separator no user name contains (ApiUsers' names are A-Z a-z 0-9 . _ @ -)
            mac.update((byte) 0);
            byte[] secret = password.getBytes(StandardCharsets.UTF_8);
            byte[] out = mac.doFinal(secret);
            Arrays.fill(secret, (byte) 0);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}

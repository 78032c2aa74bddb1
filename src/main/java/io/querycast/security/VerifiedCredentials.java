package io.querycast.security;

import com.github.benmanes.caffeine.cache.Cache;
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
 */
public final class VerifiedCredentials implements AuthenticationProvider {

    private final AuthenticationProvider verifier;
    private final Cache<String, Verified> verified;
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
        this.verified = ttl.isZero() ? null : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).ticker(ticker).build();
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
        Verified known = verified.getIfPresent(digest);
        if (known != null) {
            UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.authenticated(known.principal(), null, known.authorities());
            token.setDetails(request.getDetails());
            return token;
        }
        Authentication result;
        try {
            result = verifier.authenticate(request);
        } catch (AuthenticationException e) {
            forget(name);
            throw e;
        }
        if (result != null && result.isAuthenticated()) {
            verified.put(digest, new Verified(result.getPrincipal(), result.getName(), result.getAuthorities()));
        }
        return result;
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
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private void forget(String name) {
        if (verified != null) {
            verified.asMap().values().removeIf(v -> v.name().equalsIgnoreCase(name));
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

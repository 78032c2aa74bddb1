package io.querycast.security;

import io.querycast.config.ConfigDocument;
import io.querycast.config.ConfigNode;
import io.querycast.config.PlaceholderResolver;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the API users file ({@code querycast.api.users-file}, default {@code config/users.yaml}):
 * <pre>
 * users:
 *   alice:
 *     role: operator                # viewer: GET only; operator: also runs, enable/disable, sends, tests;
 *                                   # publisher: POST /api/events/{type} only
 *     password: ${ALICE_PASSWORD}   # from the environment; or a {bcrypt}... hash
 * </pre>
 * Clear passwords are hashed (BCrypt) as they are read and never kept, logged or shown; errors name the
 * file, line and field, never a value.
 */
public final class ApiUsers {

    public enum Role {
        VIEWER, OPERATOR, PUBLISHER;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final int MIN_PASSWORD_LENGTH = 8;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern ENCODED = Pattern.compile("\\{(bcrypt|argon2|pbkdf2|scrypt)(@[A-Za-z0-9_]+)?}.+");

    private final PlaceholderResolver placeholders;
    private final PasswordEncoder encoder;

    public ApiUsers(PlaceholderResolver placeholders, PasswordEncoder encoder) {
        this.placeholders = placeholders;
        this.encoder = encoder;
    }

    public List<UserDetails> read(Path file) {
        ConfigDocument doc = ConfigDocument.read(file, file.toString(), placeholders);
        ConfigNode root = doc.root();
        root.rejectUnknown(Set.of("users"));
        Map<String, ConfigNode> users = root.children("users");
        if (users.isEmpty()) {
            throw root.error("users", "at least one user is required (name: {role: viewer|operator, password: ${ENV_VAR}})");
        }
        List<UserDetails> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> e : users.entrySet()) {
            String name = e.getKey();
            ConfigNode u = e.getValue();
            if (!NAME.matcher(name).matches()) {
                throw u.error(null, "user name must be 1 to 64 of A-Z a-z 0-9 . _ @ -");
            }
            u.rejectUnknown(Set.of("role", "password"));
            Role role = u.enumValue("role", Role.class, null);
            if (role == null) {
                throw u.error("role", "is required: viewer, operator or publisher");
            }
            String password = u.requiredString("password");
            String stored;
            if (ENCODED.matcher(password).matches()) {
                stored = password;
            } else {
                if (password.length() < MIN_PASSWORD_LENGTH) {
                    throw u.error("password", "must be at least " + MIN_PASSWORD_LENGTH + " characters");
                }
                stored = encoder.encode(password);
            }
            String[] roles = switch (role) {
                case OPERATOR -> new String[]{"VIEWER", "OPERATOR"};
                case VIEWER -> new String[]{"VIEWER"};
                case PUBLISHER -> new String[]{"PUBLISHER"};
            };
            out.add(User.withUsername(name).password(stored).roles(roles).build());
        }
        return out;
    }
}

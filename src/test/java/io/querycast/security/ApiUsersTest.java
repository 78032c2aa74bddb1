package io.querycast.security;

import io.querycast.config.ConfigException;
import io.querycast.config.PlaceholderResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiUsersTest {

    static final String PASSWORD = "s3cret-from-env-42";
    final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    final ApiUsers reader = new ApiUsers(new PlaceholderResolver(Map.of("OP_PW", PASSWORD, "SHORT", "short")::get), encoder);

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("users.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void passwordsFromTheEnvironmentAreKeptOnlyAsBcryptHashes() throws Exception {
        String hash = encoder.encode("already-hashed-pw");
        List<UserDetails> users = reader.read(file("""
                users:
                  alice:
                    role: operator
                    password: ${OP_PW}
                  bob:
                    role: viewer
                    password: "%s"
                """.formatted(hash)));
        UserDetails alice = users.get(0);
        assertThat(alice.getPassword()).startsWith("{bcrypt}").doesNotContain(PASSWORD);
        assertThat(encoder.matches(PASSWORD, alice.getPassword())).isTrue();
        assertThat(alice.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactlyInAnyOrder("ROLE_VIEWER", "ROLE_OPERATOR");
        UserDetails bob = users.get(1);
        assertThat(bob.getPassword()).isEqualTo(hash);
        assertThat(bob.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_VIEWER");
    }

    @Test
    void mistakesNameFileLineAndFieldNeverAValue() throws Exception {
        Path unknownRole = file("users:\n  alice:\n    role: admin\n    password: ${OP_PW}\n");
        assertThatThrownBy(() -> reader.read(unknownRole)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(unknownRole + ":3: users.alice.role: 'admin' is not one of [viewer, operator, publisher]");

        Path missingEnv = file("users:\n  alice:\n    role: viewer\n    password: ${NOT_SET}\n");
        assertThatThrownBy(() -> reader.read(missingEnv))
                .hasMessageContaining(":4: users.alice.password: environment variable ${NOT_SET} is not set");

        Path shortPassword = file("users:\n  alice:\n    role: viewer\n    password: ${SHORT}\n");
        assertThatThrownBy(() -> reader.read(shortPassword))
                .hasMessageContaining("users.alice.password: must be at least 8 characters").hasMessageNotContaining("short\"");

        Path typo = file("users:\n  alice:\n    role: viewer\n    pasword: x\n");
        assertThatThrownBy(() -> reader.read(typo)).hasMessageContaining(":4: users.alice.pasword: unknown field");

        Path none = file("users: {}\n");
        assertThatThrownBy(() -> reader.read(none)).hasMessageContaining("at least one user is required");

        Path missingRole = file("users:\n  alice:\n    password: ${OP_PW}\n");
        assertThatThrownBy(() -> reader.read(missingRole)).hasMessageContaining("users.alice.role: is required");
    }

    @Test
    void basicUserNameIsReadWithoutThePassword() {
        String header = "Basic " + java.util.Base64.getEncoder().encodeToString("carol:pw:with:colons".getBytes());
        assertThat(LoginThrottle.basicUser(header)).isEqualTo("carol");
        assertThat(LoginThrottle.basicUser("Bearer x")).isNull();
        assertThat(LoginThrottle.basicUser("Basic %%%")).isNull();
        assertThat(LoginThrottle.printable("evil\nINFO fake line")).isEqualTo("evil?INFO fake line");
    }
}

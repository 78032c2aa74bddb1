package io.querycast.support;

/** The users of src/test/config/users.yaml as {@code user:password}, for HTTP Basic in API tests. */
public final class TestUsers {

    public static final String OPERATOR = "test-operator:operator-test-password";
    public static final String VIEWER = "test-viewer:viewer-test-password";
    public static final String PUBLISHER = "test-publisher:publisher-test-password";

    private TestUsers() {
    }
}

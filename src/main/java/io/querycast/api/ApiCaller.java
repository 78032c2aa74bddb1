package io.querycast.api;

import io.querycast.security.AuthenticatedUser;
import io.querycast.security.AuthenticatedUser.User;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/**
 * The signed-in user behind an API exchange, for answers and records that name the caller (who disabled a
 * job, who asked for a run). {@link AuthenticatedUser} puts the user on the servlet request, which travels
 * with the exchange to the thread camel-platform-http runs the route on.
 */
final class ApiCaller {

    private ApiCaller() {
    }

    static User of(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null
                && http.getRequest().getAttribute(AuthenticatedUser.ATTRIBUTE) instanceof User user) {
            return user;
        }
        // security lets no unauthenticated request this far; without the request there is no answer
        throw new ApiException(500, "the caller's identity is not available");
    }

    static String name(Exchange exchange) {
        return of(exchange).username();
    }
}

package io.querycast.run;

/**
 * Masks secrets in the error text of a run before it is recorded and logged: drivers and clients quote URLs,
 * settings and bound values in their messages. Implemented by the API's redactor, which knows the configured
 * secrets.
 */
@FunctionalInterface
public interface ErrorRedaction {

    ErrorRedaction NONE = text -> text;

    String redact(String text);
}

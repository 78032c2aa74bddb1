package io.querycast.query;

/**
 * A parameter declared in a query file header:
 * {@code define NAME='example'  --Obbligatorio|Opzionale: description}.
 *
 * @param required      a required parameter must get its value from the job or the run request; its define
 *                      value is only an example for running the file by hand, never used by a scheduled export
 *                      (a stale date exported every night is worse than a clear error)
 * @param defaultValue  the define value, used for optional parameters the job leaves out
 */
public record QueryParameter(String name, String defaultValue, boolean required, String description, int line) {
}

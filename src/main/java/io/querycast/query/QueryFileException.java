package io.querycast.query;

import io.querycast.config.ConfigError;
import io.querycast.config.ConfigException;

/** A query file that cannot be used, with the file and line to fix. */
public class QueryFileException extends ConfigException {

    public QueryFileException(String file, int line, String problem) {
        super(new ConfigError(file, line, null, problem, null));
    }
}

package io.querycast.query;

import org.apache.camel.component.sql.RowMapperFactory;
import org.springframework.jdbc.core.RowMapper;

/** Plugged into camel-sql ({@code rowMapperFactory=#rowReaderFactory}) so streamed rows arrive as {@link Row}s. */
public final class RowReaderFactory implements RowMapperFactory {

    @Override
    public RowMapper<?> newColumnRowMapper() {
        return new RowReader();
    }

    @Override
    public RowMapper<?> newBeanRowMapper(Class<?> mappedClass) {
        throw new UnsupportedOperationException("Querycast reads rows as columns; outputClass is not supported");
    }
}

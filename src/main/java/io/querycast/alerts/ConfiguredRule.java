package io.querycast.alerts;

/**
 * What every rule has: its name and its settings in force, its defaults with {@code querycast.alerts.rules.<name>}
 * over them (a setting the defaults leave null is refused at start).
 */
abstract class ConfiguredRule implements AlertRule {

    private final String name;
    protected final RuleSettings settings;

    ConfiguredRule(String name, RuleSettings defaults, AlertSettings alerts) {
        this.name = name;
        this.settings = alerts.rule(name, defaults);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final RuleSettings settings() {
        return settings;
    }
}

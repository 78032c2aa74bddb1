package io.querycast.alerts;

import java.time.Instant;
import java.util.List;

/**
 * One alert rule: a Spring bean that, at each evaluation, says for which subjects (a job, a Kafka connection)
 * its condition holds now. {@link AlertEngine} turns that into alerts: pending while the condition has held
 * for less than the rule's {@code for}, firing (one notification) once it has, resolved (one recovery
 * notification) when the rule no longer finds it. Adding a rule is adding one such class (a
 * {@link ConfiguredRule} annotated {@code @Component}): its name is its key under {@code querycast.alerts.rules},
 * its defaults the settings it takes.
 */
public interface AlertRule {

    /** The rule's key in the configuration, the API and notifications, e.g. {@code success-rate}. */
    String name();

    /** One line for operators: what the condition is, with the settings in force. */
    String description();

    /** The settings in force: the rule's defaults with the configuration over them. */
    RuleSettings settings();

    /** The subjects the condition holds for now; a rule that cannot tell (its source failed) throws. */
    List<Finding> evaluate(Instant now);

    /** Called once when an alert of this rule fires, before its notification goes out. */
    default void fired(Alert alert) {
    }
}

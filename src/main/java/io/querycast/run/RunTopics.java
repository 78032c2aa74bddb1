package io.querycast.run;

import io.querycast.delivery.TopicCheck;
import io.querycast.job.ExportJob;
import org.apache.camel.Exchange;

import java.util.List;

/** Route step at the start of a run ({@code runTopics}): the job's topic and dead-letter topic must exist ({@link TopicCheck}). */
public final class RunTopics {

    private final TopicCheck topics;

    public RunTopics(TopicCheck topics) {
        this.topics = topics;
    }

    public void verify(Exchange exchange) {
        ExportJob job = ExportRuns.runOf(exchange).job();
        topics.check(job.kafkaConnection(), List.of(job.topic(), job.delivery().deadLetterTopic()));
    }
}

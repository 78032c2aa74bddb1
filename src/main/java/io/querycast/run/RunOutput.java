package io.querycast.run;

/**
 * Where a file export's rows went: the file written and, for a mailed export, the Message-ID of the mail.
 * Both null for a Kafka export (its records are on the job's topic).
 */
public record RunOutput(String file, String messageId) {

    public static final RunOutput NONE = new RunOutput(null, null);

    /** What the history and the dashboard show: the message id first, as it is what a mail can be found by. */
    public String describe() {
        if (messageId != null && file != null) {
            return messageId + " (" + file + ")";
        }
        return messageId != null ? messageId : file;
    }
}

package io.querycast.feed;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The highest ids a job's polls saw, each with the time it was seen (the database's clock after the statement's
 * snapshot). An id seen at time t is final once every transaction that was open at t is over: ids are allocated
 * in increasing order, so any lower id still to commit belongs to a transaction open at t. Kept in memory: after a
 * restart the first poll's mark is only proven by the next one (the feed waits one poll, it never skips).
 */
final class IdMarks {

    record Mark(long id, Instant seenAt) {
    }

    private final Deque<Mark> marks = new ArrayDeque<>();

    synchronized void add(long id, Instant seenAt) {
        Mark last = marks.peekLast();
        if (last == null || id > last.id()) {
            marks.addLast(new Mark(id, seenAt));
        }
        while (marks.size() > 10_000) {
            marks.removeFirst();
        }
    }

    /** The highest mark seen before {@code horizon}: every id up to it is final. Older marks are dropped. */
    synchronized Optional<Mark> finalBefore(Instant horizon) {
        Mark best = null;
        while (!marks.isEmpty() && marks.peekFirst().seenAt().isBefore(horizon)) {
            best = marks.removeFirst();
        }
        if (best != null) {
            // kept: it stays the ceiling until a newer mark is proven
            marks.addFirst(best);
        }
        return Optional.ofNullable(best);
    }

    synchronized boolean isEmpty() {
        return marks.isEmpty();
    }

    synchronized void clear() {
        marks.clear();
    }
}

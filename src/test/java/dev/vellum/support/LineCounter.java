package dev.vellum.support;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.BaseSubscriber;

/** Counts lines in the raw body, one buffer at a time, and stops asking after {@code pauseAt} lines. */
public final class LineCounter extends BaseSubscriber<DataBuffer> {

    public final AtomicInteger lines = new AtomicInteger();
    public final AtomicBoolean done = new AtomicBoolean();
    /** The body ended with an error (the server aborted it, or the connection closed). */
    public final AtomicBoolean failed = new AtomicBoolean();
    private final int pauseAt;
    private volatile boolean paused;

    public LineCounter(int pauseAt) {
        this.pauseAt = pauseAt;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        request(1);
    }

    /** The newlines in {@code buffer}, which it then releases. */
    public static int newlines(DataBuffer buffer) {
        int count = 0;
        for (int i = buffer.readPosition(); i < buffer.writePosition(); i++) {
            if (buffer.getByte(i) == '\n') {
                count++;
            }
        }
        DataBufferUtils.release(buffer);
        return count;
    }

    @Override
    protected void hookOnNext(DataBuffer buffer) {
        if (lines.addAndGet(newlines(buffer)) >= pauseAt && !paused && pauseAt < Integer.MAX_VALUE) {
            paused = true;
            return;
        }
        request(1);
    }

    public void resume() {
        request(Long.MAX_VALUE);
    }

    @Override
    protected void hookOnComplete() {
        done.set(true);
    }

    @Override
    protected void hookOnError(Throwable failure) {
        failed.set(true);
    }
}

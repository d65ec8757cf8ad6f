package dev.lightcone.cli;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The lines of a streamed HTTP response body, read with {@link #next()} as they arrive; waiting is interruptible
 * and {@link #close()} cancels the request (which is how {@code logs --follow} stops).
 */
final class LineStream implements AutoCloseable {
    /** The end of the body. */
    private static final Object END = new Object();

    /** A non-2xx answer, with its body. */
    private record Refused(int status, String body) {
    }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private CompletableFuture<?> response;

    LineStream() {
    }

    /** The body handler that feeds this stream. */
    HttpResponse.BodyHandler<Void> handler() {
        return info -> info.statusCode() / 100 == 2
                ? HttpResponse.BodySubscribers.fromLineSubscriber(new Subscriber())
                : HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
                        body -> {
                            queue.add(new Refused(info.statusCode(), body));
                            return null;
                        });
    }

    /** Ties the stream to the request's future, whose failure (connection refused, reset) ends it. */
    void attach(CompletableFuture<?> future) {
        this.response = future;
        future.whenComplete((v, e) -> {
            if (e != null) {
                queue.add(e);
            }
        });
    }

    /**
     * The next line, or null at the end of the body.
     *
     * @throws ServerException when the server refused the request
     * @throws CliException    when the connection failed
     */
    String next(ServerClient server) throws InterruptedException {
        Object o = queue.take();
        if (o == END) {
            queue.add(END);
            return null;
        }
        if (o instanceof Refused r) {
            throw server.failure(r.status(), r.body());
        }
        if (o instanceof Throwable t) {
            throw server.unreachable(t);
        }
        return (String) o;
    }

    @Override
    public void close() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        if (response != null) {
            response.cancel(true);
        }
    }

    /** Puts every line into the queue. */
    private final class Subscriber implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            queue.add(line);
        }

        @Override
        public void onError(Throwable t) {
            queue.add(t);
        }

        @Override
        public void onComplete() {
            queue.add(END);
        }
    }
}

package dev.vellum.web;

import dev.vellum.config.VellumProperties;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.http.server.HttpServer;

/**
 * Closes HTTP connections that do nothing: one that neither sends nor receives a byte for
 * {@code vellum.server.read-idle-timeout} (an idle keep-alive, a request body that never
 * arrives), and one whose answer has bytes waiting that the client has not taken for
 * {@code vellum.server.write-idle-timeout} (a client that stopped reading). A request waiting on
 * the database is never idle for longer than the statement timeout.
 */
@Component
public class IdleConnections implements NettyServerCustomizer {

    private static final Logger log = LoggerFactory.getLogger(IdleConnections.class);

    private final long readIdleMillis;
    private final long writeIdleMillis;

    public IdleConnections(VellumProperties properties) {
        this.readIdleMillis = properties.server().readIdleTimeout().toMillis();
        this.writeIdleMillis = properties.server().writeIdleTimeout().toMillis();
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, address) -> channel.pipeline()
                .addFirst("vellumIdleClose", new CloseWhenIdle())
                // observeOutput: bytes still leaving count as activity, a write stuck in the buffer does not
                .addFirst("vellumIdleState", new IdleStateHandler(true, 0, writeIdleMillis, readIdleMillis,
                        TimeUnit.MILLISECONDS)));
    }

    /** Turns the idle events into a close: all-idle always, writer-idle only while bytes wait for the client. */
    private static final class CloseWhenIdle extends ChannelDuplexHandler {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent idle) {
                if (idle.state() == IdleState.ALL_IDLE) {
                    log.debug("closing an idle connection from {}", ctx.channel().remoteAddress());
                    ctx.close();
                    return;
                }
                if (idle.state() == IdleState.WRITER_IDLE && pendingBytes(ctx) > 0) {
                    log.debug("closing a connection whose client stopped reading: {}", ctx.channel().remoteAddress());
                    ctx.close();
                    return;
                }
            }
            super.userEventTriggered(ctx, event);
        }

        private static long pendingBytes(ChannelHandlerContext ctx) {
            ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
            return buffer == null ? 0 : buffer.totalPendingWriteBytes();
        }
    }
}

package dev.vellum.web;

import dev.vellum.error.ErrorCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a request whose head Netty could not decode (headers past
 * {@code server.max-http-request-header-size}, a request line past
 * {@code server.netty.max-initial-line-length}, malformed) with a JSON error and closes the
 * connection, on the first request of a connection and on later ones alike.
 *
 * <p>Reactor Netty 1.3.8 answers these itself, but checks for the failure before it checks
 * whether the previous request's operations on a kept-alive connection have terminated; when
 * they have not quite (the previous answer is written, its clean-up still pending), it hangs the
 * error answer on those finished operations and nothing is ever sent: the client waits until the
 * idle timeout. This handler sits between the HTTP codec and Reactor Netty's traffic handler, so
 * a failed head never reaches it. The answer waits until the previous answer on the connection
 * is fully written, so it never lands inside another answer.
 */
@Component
public class RequestHeadFailures implements NettyServerCustomizer {

    private static final Logger log = LoggerFactory.getLogger(RequestHeadFailures.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final long maxHeaderBytes;
    private final long maxLineBytes;

    public RequestHeadFailures(@Value("${server.max-http-request-header-size:8KB}") DataSize maxHeader,
                               @Value("${server.netty.max-initial-line-length:4KB}") DataSize maxLine) {
        this.maxHeaderBytes = maxHeader.toBytes();
        this.maxLineBytes = maxLine.toBytes();
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
                channel.pipeline().addBefore(NettyPipeline.HttpTrafficHandler, "vellumRequestHeadFailures", new Handler());
            }
        });
    }

    /** The answer to a head that failed to decode with {@code cause}. */
    FullHttpResponse answer(Throwable cause) {
        ErrorCode code;
        String message;
        Map<String, Object> details = new LinkedHashMap<>();
        if (cause instanceof TooLongHttpHeaderException) {
            code = ErrorCode.HEADERS_TOO_LARGE;
            message = "the request's headers are larger than " + maxHeaderBytes + " bytes";
            details.put("limit", maxHeaderBytes);
        } else if (cause instanceof TooLongHttpLineException) {
            code = ErrorCode.URI_TOO_LONG;
            message = "the request line is longer than " + maxLineBytes + " bytes";
            details.put("limit", maxLineBytes);
        } else {
            code = ErrorCode.VALIDATION_ERROR;
            message = "malformed HTTP request";
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", message);
        error.put("details", details);
        byte[] body = JSON.writeValueAsBytes(Map.of("error", error));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(code.status()), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    /** One per connection; runs on its event loop only. */
    private final class Handler extends ChannelDuplexHandler {

        /** Requests passed on whose answer is not fully written yet. */
        private int unanswered;
        private Throwable failure;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (failure != null) {
                ReferenceCountUtil.release(msg); // the connection is being closed; nothing after the bad head counts
                return;
            }
            if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
                failure = request.decoderResult().cause();
                ReferenceCountUtil.release(msg);
                log.debug("refusing an undecodable request head from {}: {}", ctx.channel().remoteAddress(), failure.toString());
                if (unanswered == 0) {
                    refuse(ctx);
                }
                return;
            }
            if (msg instanceof HttpRequest) {
                unanswered++;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            boolean ends = msg instanceof LastHttpContent && !interim(msg);
            ctx.write(msg, promise);
            if (ends && unanswered > 0 && --unanswered == 0 && failure != null) {
                refuse(ctx);
            }
        }

        private void refuse(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(answer(failure)).addListener(ChannelFutureListener.CLOSE);
        }

        /** A 1xx answer (100 Continue) comes before the real one and does not end the exchange. */
        private static boolean interim(Object msg) {
            return msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        }
    }
}

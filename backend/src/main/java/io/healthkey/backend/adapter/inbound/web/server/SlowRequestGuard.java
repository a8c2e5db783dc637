package io.healthkey.backend.adapter.inbound.web.server;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import reactor.netty.NettyPipeline;

/**
 * Closes a connection whose client is too slow to send a request:
 * <ul>
 *   <li>a request line and headers not complete within the head timeout of their first byte (a client that sends
 *   them a byte at a time, which the idle timeout cannot catch: each byte resets it);</li>
 *   <li>a request body with a gap between two reads longer than the read timeout. Only a gap while the server wants
 *   to read counts: while the application holds the body back (Reactor Netty turns auto-read off when the
 *   subscriber has no demand, e.g. while the content store is slow), the client is not waited for.</li>
 * </ul>
 * Two handlers share the state of one connection: one before the HTTP codec sees the first raw byte of a request
 * head, one after it sees the decoded head, the body's parts and the end of each response. Pipelined requests are
 * counted, so a head decoded while a response still goes out starts no clock. Responses are never timed.
 */
final class SlowRequestGuard {

    private final Channel channel;
    private final long headTimeoutNanos;
    private final long readTimeoutNanos;
    private int requestsInFlight;
    private ScheduledFuture<?> headDeadline;
    private boolean bodyPending;
    private long lastBodyRead;
    private ScheduledFuture<?> bodyCheck;

    private SlowRequestGuard(Channel channel, Duration headTimeout, Duration readTimeout) {
        this.channel = channel;
        this.headTimeoutNanos = headTimeout.toNanos();
        this.readTimeoutNanos = readTimeout.toNanos();
    }

    /** Guards {@code channel}'s requests; a pipeline without the HTTP/1.1 codec is left as it is. */
    static void install(Channel channel, Duration headTimeout, Duration readTimeout) {
        if (channel.pipeline().get(NettyPipeline.HttpCodec) == null) {
            return;
        }
        SlowRequestGuard guard = new SlowRequestGuard(channel, headTimeout, readTimeout);
        channel.pipeline().addBefore(NettyPipeline.HttpCodec, "healthkey.requestBytes", guard.new RawBytes());
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, "healthkey.requestParts", guard.new RequestParts());
    }

    private void bytesArrived() {
        if (requestsInFlight == 0 && headDeadline == null) {
            headDeadline = channel.eventLoop().schedule(() -> {
                channel.close();
            }, headTimeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void headDecoded() {
        requestsInFlight++;
        if (headDeadline != null) {
            headDeadline.cancel(false);
            headDeadline = null;
        }
        bodyPending = true;
        lastBodyRead = System.nanoTime();
        scheduleBodyCheck(readTimeoutNanos);
    }

    private void bodyRead(boolean last) {
        lastBodyRead = System.nanoTime();
        if (last) {
            bodyPending = false;
            cancelBodyCheck();
        }
    }

    private void checkBody() {
        bodyCheck = null;
        if (!bodyPending) {
            return;
        }
        long now = System.nanoTime();
        if (!channel.config().isAutoRead()) {
            lastBodyRead = now;
        }
        long waited = now - lastBodyRead;
        if (waited >= readTimeoutNanos) {
            channel.close();
        } else {
            scheduleBodyCheck(readTimeoutNanos - waited);
        }
    }

    private void scheduleBodyCheck(long delayNanos) {
        if (bodyCheck == null) {
            bodyCheck = channel.eventLoop().schedule((Runnable) this::checkBody, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void cancelBodyCheck() {
        if (bodyCheck != null) {
            bodyCheck.cancel(false);
            bodyCheck = null;
        }
    }

    private void responseEnded() {
        if (requestsInFlight > 0) {
            requestsInFlight--;
        }
    }

    private void closed() {
        bodyPending = false;
        cancelBodyCheck();
        if (headDeadline != null) {
            headDeadline.cancel(false);
            headDeadline = null;
        }
    }

    /** Before the codec: raw bytes, the first of a request head starts its clock. */
    private final class RawBytes extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof ByteBuf bytes && bytes.isReadable()) {
                bytesArrived();
            }
            context.fireChannelRead(message);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            closed();
            context.fireChannelInactive();
        }
    }

    /** After the codec: request heads and body parts in, the end of each response out. */
    private final class RequestParts extends ChannelDuplexHandler {

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof HttpRequest) {
                headDecoded();
            }
            if (message instanceof HttpContent) {
                bodyRead(message instanceof LastHttpContent);
            }
            context.fireChannelRead(message);
        }

        @Override
        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
            if (message instanceof LastHttpContent) {
                responseEnded();
            }
            context.write(message, promise);
        }
    }
}

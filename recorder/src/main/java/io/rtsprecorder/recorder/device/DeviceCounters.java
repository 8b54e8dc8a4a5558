package io.rtsprecorder.recorder.device;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A camera's totals since the service started: written by its threads, read by status and metrics. The running
 * session's own figures (the open segment's bytes, its timestamp corrections) are added by {@link Device} when it
 * reports.
 */
final class DeviceCounters {
    final AtomicLong framesWritten = new AtomicLong();
    /** Incremented by the {@link FrameQueue} as frames are dropped, so a running session's drops show at once. */
    final AtomicLong framesDropped = new AtomicLong();
    final AtomicLong segments = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong closedSegmentBytes = new AtomicLong();
    /** Sessions ended because no video reached the file for the stream timeout. */
    final AtomicLong stalls = new AtomicLong();
    /** Timestamp jumps and absorbed steps of sessions that have ended. */
    final AtomicLong discontinuities = new AtomicLong();
    final AtomicLong timestampSteps = new AtomicLong();
}

package io.rtsprecorder.media.rtp;

import java.util.TreeMap;

/**
 * Puts UDP-delivered RTP packets back into sequence order. A packet is released as soon as it is the next expected
 * one; a gap is waited for until {@code capacity} packets are held (then the missing ones count as lost and the
 * depacketizer resumes at the next keyframe). Duplicates and packets that arrive after their slot was given up are
 * dropped. Over TCP packets cannot be reordered, so only UDP sessions use this.
 */
public final class RtpReorderBuffer {

    /** Receives packets in sequence order. */
    @FunctionalInterface
    public interface Sink {
        void packet(RtpPacket packet);
    }

    private final int capacity;
    private final TreeMap<Long, RtpPacket> held = new TreeMap<>();
    private long next = -1;
    private long highest = -1;
    private long lost;
    private long reordered;
    private long duplicates;

    public RtpReorderBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    public void push(RtpPacket packet, Sink sink) {
        long seq = extend(packet.sequenceNumber());
        if (next < 0) {
            next = seq;
        }
        if (seq < next || held.containsKey(seq)) {
            duplicates++;
            return;
        }
        if (seq != next) {
            reordered++;
        }
        held.put(seq, packet);
        release(sink);
        while (held.size() > capacity) {
            long first = held.firstKey();
            lost += first - next;
            next = first;
            release(sink);
        }
    }

    /**
     * Releases every packet still held, in sequence order (the gaps between them count as lost), and starts over:
     * the next packet pushed is taken as the first. For the end of a stream, and for a new source, whose sequence
     * numbers have nothing to do with the old one's.
     */
    public void drain(Sink sink) {
        while (!held.isEmpty()) {
            long first = held.firstKey();
            lost += first - next;
            next = first;
            release(sink);
        }
        next = -1;
        highest = -1;
    }

    private void release(Sink sink) {
        while (!held.isEmpty() && held.firstKey() == next) {
            sink.packet(held.pollFirstEntry().getValue());
            next++;
        }
    }

    /** Extends a 16-bit sequence number to 64 bits, nearest to the highest seen. */
    private long extend(int seq) {
        if (highest < 0) {
            highest = seq + 0x10000L; // room below the first packet for late arrivals
            return highest;
        }
        long candidate = (highest & ~0xFFFFL) | seq;
        if (candidate - highest > 0x8000) {
            candidate -= 0x10000;
        } else if (highest - candidate > 0x8000) {
            candidate += 0x10000;
        }
        highest = Math.max(highest, candidate);
        return candidate;
    }

    /** Packets never received (gaps given up on). */
    public long lost() {
        return lost;
    }

    /** Packets that arrived ahead of a missing one. */
    public long reordered() {
        return reordered;
    }

    /** Packets received twice, or too late to be used. */
    public long duplicates() {
        return duplicates;
    }
}

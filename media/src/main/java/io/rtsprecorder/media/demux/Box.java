package io.rtsprecorder.media.demux;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An ISO BMFF box held in memory (only boxes of {@code moov} and {@code moof}, which are small, are read this
 * way; {@code mdat} is never loaded). {@code payload} is positioned at the first byte after the header; its
 * limit is the box end. {@code path} names the box for error messages, e.g. {@code moov/trak[1]/mdia}.
 */
final class Box {

    static final int MAX_DEPTH = 16;

    final int type;
    final long fileOffset;
    final String path;
    final ByteBuffer payload;

    Box(int type, long fileOffset, String path, ByteBuffer payload) {
        this.type = type;
        this.fileOffset = fileOffset;
        this.path = path;
        this.payload = payload;
    }

    static int fourcc(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    static String name(int type) {
        char[] c = {(char) ((type >>> 24) & 0xFF), (char) ((type >>> 16) & 0xFF), (char) ((type >>> 8) & 0xFF),
            (char) (type & 0xFF)};
        for (int i = 0; i < 4; i++) {
            if (c[i] < 0x20 || c[i] > 0x7E) {
                return String.format("0x%08x", type);
            }
        }
        return new String(c);
    }

    /** The child boxes of this box's payload, starting {@code skip} bytes in (for full boxes and entries). */
    List<Box> children(int skip) throws Mp4FormatException {
        ByteBuffer b = payload.duplicate();
        if (skip > b.remaining()) {
            throw Mp4FormatException.at(path, fileOffset, "box too short for its header fields");
        }
        b.position(b.position() + skip);
        return parseChildren(b, path, fileOffset + 8 + skip, depth() + 1);
    }

    private int depth() {
        int d = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                d++;
            }
        }
        return d;
    }

    Box child(String fourcc) throws Mp4FormatException {
        int t = fourcc(fourcc);
        for (Box c : children(0)) {
            if (c.type == t) {
                return c;
            }
        }
        return null;
    }

    Box require(String fourcc) throws Mp4FormatException {
        Box c = child(fourcc);
        if (c == null) {
            throw Mp4FormatException.at(path, fileOffset, "missing " + fourcc + " box");
        }
        return c;
    }

    /** A fresh view of the payload for sequential reading. */
    ByteBuffer data() {
        return payload.duplicate();
    }

    static List<Box> parseChildren(ByteBuffer b, String parentPath, long baseOffset, int depth)
            throws Mp4FormatException {
        if (depth > MAX_DEPTH) {
            throw Mp4FormatException.at(parentPath, baseOffset, "boxes nested deeper than " + MAX_DEPTH);
        }
        List<Box> result = new ArrayList<>();
        java.util.Map<Integer, Integer> seen = new java.util.HashMap<>();
        int start = b.position();
        while (b.remaining() >= 8) {
            int at = b.position();
            long offset = baseOffset + (at - start);
            long size = Integer.toUnsignedLong(b.getInt());
            int type = b.getInt();
            int header = 8;
            if (size == 1) {
                if (b.remaining() < 8) {
                    throw Mp4FormatException.at(parentPath + "/" + name(type), offset, "truncated 64-bit box size");
                }
                size = b.getLong();
                header = 16;
            } else if (size == 0) {
                size = b.limit() - at;
            }
            if (size < header || size > b.limit() - at) {
                throw Mp4FormatException.at(parentPath + "/" + name(type), offset,
                        "box size " + size + " does not fit its parent (" + (b.limit() - at) + " bytes left)");
            }
            int sameType = seen.merge(type, 1, Integer::sum) - 1;
            String path = parentPath + "/" + name(type) + (sameType > 0 ? "[" + sameType + "]" : "");
            ByteBuffer payload = b.duplicate();
            payload.position(at + header);
            payload.limit(at + (int) size);
            result.add(new Box(type, offset, path, payload.slice()));
            b.position(at + (int) size);
            if (result.size() > 100_000) {
                throw Mp4FormatException.at(parentPath, baseOffset, "more than 100000 child boxes");
            }
        }
        return result;
    }
}

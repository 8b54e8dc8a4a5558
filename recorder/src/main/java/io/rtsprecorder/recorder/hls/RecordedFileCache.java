package io.rtsprecorder.recorder.hls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link RecordedFile} indexes of recently played files, so that a player refreshing a playlist, or seeking
 * through a day, does not make the recorder read every {@code moof} again.
 *
 * <p>Why a cache and no index file beside each recording: the index is derived from the file alone (reading the
 * {@code moof} boxes of an hour-long file takes some milliseconds; media bytes are never read), so a file on the
 * volume can never disagree with an index of it, crash recovery and retention stay as they are, and nothing else
 * is written to the volume. An entry is keyed by path, size and modification time: a file still being recorded grows
 * and is read again on the next request, up to its last complete fragment. Bounded to {@link #MAX_FILES} entries
 * (an hour of 2 s GOPs is 1800 segments, about 70 KB), least recently used first out.
 */
final class RecordedFileCache {

    static final int MAX_FILES = 64;

    private record Key(Path path, long size, long modifiedMillis) {
    }

    private final Map<Key, RecordedFile> entries = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, RecordedFile> eldest) {
            return size() > MAX_FILES;
        }
    };

    /** The index of {@code file}, read now unless the same version of it was read before. */
    RecordedFile get(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        Key key = new Key(file, a.size(), a.lastModifiedTime().toMillis());
        synchronized (entries) {
            RecordedFile cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        RecordedFile read = RecordedFile.read(file);
        synchronized (entries) {
            entries.keySet().removeIf(k -> k.path().equals(file));
            entries.put(key, read);
        }
        return read;
    }
}

package io.rtsprecorder.recorder.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as people write them: {@code 500GiB}, {@code 10G}, {@code 1.5TiB}, {@code 200MB}, {@code 1048576}.
 * K/M/G/T with or without {@code i} and {@code B} are powers of 1024, as {@code df -h} and Kubernetes'
 * {@code Gi} mean them; a disk sold as "10 GB" is a little smaller than {@code 10G} here, which errs on the safe
 * side for a limit.
 */
public final class SizeText {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,15}(?:\\.\\d{1,6})?)\\s*([kmgt]?)(i?b?)");

    private SizeText() {
    }

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || (m.group(2).isEmpty() && !m.group(3).isEmpty() && !m.group(3).equals("b"))) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write it like 500GiB, 10G or 200MiB");
        }
        int power = switch (m.group(2)) {
            case "k" -> 1;
            case "m" -> 2;
            case "g" -> 3;
            case "t" -> 4;
            default -> 0;
        };
        double bytes = Double.parseDouble(m.group(1)) * Math.pow(1024, power);
        if (bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return (long) bytes;
    }
}

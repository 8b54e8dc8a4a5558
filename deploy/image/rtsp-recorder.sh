#!/bin/sh
# The image's entrypoint and the command for `kubectl exec ... rtsp-recorder export ...`. exec, so Java is PID 1
# and receives SIGTERM itself (it closes every file, then exits 0). Heap: JAVA_TOOL_OPTIONS sizes it from the
# container's memory limit (MaxRAMPercentage). MALLOC_ARENA_MAX=2 (image env) keeps glibc from giving the JVM's
# threads malloc arenas of their own: at 100 cameras RSS was 57 MiB above all the memory the JVM accounts for.
exec /opt/rtsp-recorder/java/bin/java -jar /opt/rtsp-recorder/rtsp-recorder.jar "$@"

#!/bin/sh
# The image's entrypoint and the command for `kubectl exec ... rtsp-recorder export ...`. exec, so Java is PID 1
# and receives SIGTERM itself (it closes every file, then exits 0). Heap: JAVA_TOOL_OPTIONS sizes it from the
# container's memory limit (MaxRAMPercentage).
exec /opt/rtsp-recorder/java/bin/java -jar /opt/rtsp-recorder/rtsp-recorder.jar "$@"

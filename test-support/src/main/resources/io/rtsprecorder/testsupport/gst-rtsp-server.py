"""An RTSP server nobody on the team wrote: Debian's gst-rtsp-server, driven through python3-gi.

Started by GstRtspServer / IsolatedRtspServer (test-support) as
    /usr/bin/python3 gst-rtsp-server.py CONFIG.json
CONFIG is written by the Java side:
    {"address": "127.0.0.1", "port": 0, "relay": null | "/path/to/unix.socket",
     "mounts": [{"path": "/h264", "launch": "( ... )", "shared": true,
                 "change": null | {"afterMs": 4000, "element": "res", "caps": "video/x-raw,width=320,height=180"}}]}

Every mount has an unshared twin under READY_PREFIX for readiness checks (see main).
Prints "PORT <n>" on stdout once the server listens (port 0 picks a free one), after "RELAY <path>" when a relay
is listening, and "EOS path=<mount> pay=<i> monotonic_ns=<t>" when a finite stream's end leaves payloader i
(CLOCK_MONOTONIC, the clock of Java's System.nanoTime on Linux). Everything else it prints is log. It runs until
it is killed.

relay: a byte relay from a Unix socket to the server's 127.0.0.1 port. A Unix socket is a file, so it crosses
network namespaces: the server runs in its own namespace (unshare -n) and the test reaches it only through
this relay and a TCP forwarder on the host, with no route for UDP at all.
"""
import json
import os
import socket
import sys
import threading
import time

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

START = time.monotonic()
READY_PREFIX = '/ready'


def log(message):
    print('%8.3f %s' % (time.monotonic() - START, message), flush=True)


def on_media_configure(factory, media, mount):
    log('media configured for %s' % mount['path'])
    element = media.get_element()
    for i in range(4):
        pay = element.get_by_name('pay%d' % i)
        if pay is None:
            break
        pay.get_static_pad('src').add_probe(Gst.PadProbeType.EVENT_DOWNSTREAM, on_event, (mount['path'], i))
    change = mount.get('change')
    if change:
        target = element.get_by_name(change['element'])

        def apply():
            target.set_property('caps', Gst.Caps.from_string(change['caps']))
            log('caps of %s on %s set to %s' % (change['element'], mount['path'], change['caps']))
            return False

        GLib.timeout_add(change['afterMs'], apply)


def on_event(pad, info, where):
    event = info.get_event()
    if event is not None and event.type == Gst.EventType.EOS:
        print('EOS path=%s pay=%d monotonic_ns=%d' % (where[0], where[1], time.monotonic_ns()), flush=True)
    return Gst.PadProbeReturn.OK


def pump(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        source.close()


def start_relay(path, port):
    if os.path.exists(path):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)

    def accept_loop():
        while True:
            client, _ = listener.accept()
            try:
                upstream = socket.create_connection(('127.0.0.1', port), timeout=5)
                upstream.settimeout(None)
            except OSError as e:
                log('relay cannot reach 127.0.0.1:%d: %s' % (port, e))
                client.close()
                continue
            log('relay connection')
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=pump, args=(a, b), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()


def main():
    with open(sys.argv[1]) as f:
        config = json.load(f)
    Gst.init(None)
    server = GstRtspServer.RTSPServer.new()
    server.set_address(config['address'])
    server.set_service(str(config['port']))
    mounts = server.get_mount_points()
    for mount in config['mounts']:
        factory = GstRtspServer.RTSPMediaFactory.new()
        factory.set_launch(mount['launch'])
        factory.set_shared(mount['shared'])
        factory.connect('media-configure', on_media_configure, mount)
        mounts.add_factory(mount['path'], factory)
        # the launcher's readiness check DESCRIBEs a private twin, never the mount itself: gst-rtsp-server 1.22
        # unprepares a shared media when a client that only DESCRIBEd it disconnects, and a DESCRIBE arriving
        # while that runs is answered 503 ("media was not unprepared")
        check = GstRtspServer.RTSPMediaFactory.new()
        check.set_launch(mount['launch'])
        check.set_shared(False)
        mounts.add_factory(READY_PREFIX + mount['path'], check)
    if server.attach(None) == 0:
        log('cannot listen on %s:%s' % (config['address'], config['port']))
        sys.exit(3)
    port = server.get_bound_port()
    if config.get('relay'):
        start_relay(config['relay'], port)
        print('RELAY %s' % config['relay'], flush=True)
    print('PORT %d' % port, flush=True)
    GLib.MainLoop().run()


if __name__ == '__main__':
    main()

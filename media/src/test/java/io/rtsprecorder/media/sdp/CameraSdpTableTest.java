package io.rtsprecorder.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.codec.TrackFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESCRIBE answers of real cameras, NVRs and servers, each row named after the public issue thread or test that
 * published it, with its quirks kept (LF line ends, {@code c=IN} without an address, an {@code m=} line whose
 * formats are not numbers, rtpmaps naming another payload type, Annex-B start codes inside sprop values, static
 * payload types without rtpmap). Each media section is summarised as
 * {@code media pt encoding/clock/channels control -> track} where the track is what the recorder would record,
 * or {@code unsupported}; the picture size and parameter sets come from the sprop values (0x0 and none when the
 * camera sends them in-band only).
 */
class CameraSdpTableTest {

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("Hikvision DS camera with PCM audio, go2rtc rtsp_test.go TestHikvisionPCM", """
                        v=0
                        o=- 1721969533379665 1721969533379665 IN IP4 192.168.1.12
                        s=Media Presentation
                        e=NONE
                        b=AS:5100
                        t=0 0
                        a=control:rtsp://192.168.1.12:554/Streaming/channels/101/
                        m=video 0 RTP/AVP 96
                        c=IN IP4 0.0.0.0
                        b=AS:5000
                        a=recvonly
                        a=x-dimensions:3200,1800
                        a=control:rtsp://192.168.1.12:554/Streaming/channels/101/trackID=1
                        a=rtpmap:96 H264/90000
                        a=fmtp:96 profile-level-id=420029; packetization-mode=1; \
                        sprop-parameter-sets=Z2QAM6wVFKAyAOP5f/AAEAAWyAAAH0AAB1MAIA==,aO48sA==
                        m=audio 0 RTP/AVP 11
                        c=IN IP4 0.0.0.0
                        b=AS:50
                        a=recvonly
                        a=control:rtsp://192.168.1.12:554/Streaming/channels/101/trackID=2
                        a=rtpmap:11 PCM/48000
                        a=Media_header:MEDIAINFO=494D4B4801030000040000010170011080BB0000007D000000000000000000000000\
                        000000000000;
                        a=appversion:1.0
                        """, List.of(
                        "video 96 H264/90000/1 rtsp://192.168.1.12:554/Streaming/channels/101/trackID=1 "
                                + "-> H264 3200x1800, 2 sets",
                        "audio 11 PCM/48000/1 rtsp://192.168.1.12:554/Streaming/channels/101/trackID=2 "
                                + "-> unsupported")),
                Arguments.of("Axis public camera, meetecho/janus-gateway#849", """
                        v=0
                        o=- 1491517855921810 1491517855921810 IN IP4 217.17.220.110
                        s=Media Presentation
                        e=NONE
                        b=AS:50000
                        t=0 0
                        a=control:*
                        a=range:npt=0.000000-
                        m=video 0 RTP/AVP 96
                        c=IN IP4 0.0.0.0
                        b=AS:50000
                        a=framerate:30.0
                        a=transform:-1,0,0;0,-1,0;0,0,1
                        a=control:trackID=1
                        a=rtpmap:96 H264/90000
                        a=fmtp:96 packetization-mode=1; profile-level-id=420029; \
                        sprop-parameter-sets=Z0IAKeKQCgDLYC3AQEBpB4kRUA==,aM48gA==
                        """, List.of("video 96 H264/90000/1 trackID=1 -> H264 1280x800, 2 sets")),
                Arguments.of("Dahua ONVIF profile with backchannel (abridged after its fifth rtpmap), "
                        + "bluenviron/gortsplib#479", """
                        v=0
                        o=- 2273421142 2273421142 IN IP4 0.0.0.0
                        s=Media Server
                        c=IN IP4 0.0.0.0
                        t=0 0
                        a=control:*
                        a=packetization-supported:DH
                        a=rtppayload-supported:DH
                        a=range:npt=now-
                        a=x-packetization-supported:IV
                        a=x-rtppayload-supported:IV
                        m=video 0 RTP/AVP 96
                        a=control:trackID=0
                        a=framerate:15.000000
                        a=rtpmap:96 H264/90000
                        a=fmtp:96 packetization-mode=1;profile-level-id=64002A;\
                        sprop-parameter-sets=Z2QAKqwsaoHgCJ+WbgoCCoAAAAMAgAAAD0IA,aO4xshsA
                        a=recvonly
                        m=audio 0 RTP/AVP 8
                        a=control:trackID=1
                        a=rtpmap:8 PCMA/8000
                        a=recvonly
                        m=application 0 RTP/AVP 107
                        a=control:trackID=4
                        a=rtpmap:107 vnd.onvif.metadata/90000
                        a=recvonly
                        m=audio 0 RTP/AVP 116 115 114 113 112 111 110 109 108 97 107 106 105 104 0 103 102 101 100 8
                        a=control:trackID=5
                        a=rtpmap:116 MPEG4-GENERIC/64000
                        a=rtpmap:115 MPEG4-GENERIC/48000
                        a=rtpmap:114 MPEG4-GENERIC/32000
                        a=rtpmap:113 MPEG4-GENERIC/16000
                        a=rtpmap:112 MPEG4-GENERIC/8000
                        """, List.of(
                        "video 96 H264/90000/1 trackID=0 -> H264 1920x1080, 2 sets",
                        "audio 8 PCMA/8000/1 trackID=1 -> PCMA 8000 Hz 1 ch",
                        "application 107 vnd.onvif.metadata/90000/1 trackID=4 -> unsupported",
                        "audio 116 MPEG4-GENERIC/64000/1 trackID=5 -> unsupported")),
                Arguments.of("HIK Media Server V3.5.43 NVR, no sprop, bluenviron/gortsplib#88", """
                        v=0
                        o=- 1109162014219182 0 IN IP4 0.0.0.0
                        s=HIK Media Server V3.5.43
                        i=HIK Media Server Session Description : standard
                        e=NONE
                        c=IN IP4 0.0.0.0
                        t=0 0
                        a=control:*
                        b=AS:2176
                        a=range:npt=now-
                        m=video 0 RTP/AVP 96
                        i=Video Media
                        a=rtpmap:96 H264/90000
                        a=fmtp:96 profile-level-id=4D0014;packetization-mode=0
                        a=control:trackID=video
                        b=AS:2048
                        m=audio 0 RTP/AVP 104
                        i=Audio Media
                        a=rtpmap:104 MPEG4-GENERIC/48000
                        a=control:trackID=audio
                        a=fmtp:104 streamtype=5;profile-level-id=15;mode=AAC-hbr;config=1190;SizeLength=13;\
                        IndexLength=3;IndexDeltaLength=3;Profile=1;
                        b=AS:128
                        a=Media_header:MEDIAINFO=494D4B4801010000040000010120011080BB000000F40100000000000000000000\
                        00000000000000;
                        a=appversion:1.0
                        """, List.of(
                        "video 96 H264/90000/1 trackID=video -> H264 0x0, 0 sets",
                        "audio 104 MPEG4-GENERIC/48000/1 trackID=audio -> AAC 48000 Hz 2 ch")),
                Arguments.of("HIK Media Server V3.4.109 playback, rtpmap at twice the config's rate, "
                        + "AxisCommunications/media-stream-library-js#417", """
                        v=0
                        o=- 1109162014219182 0 IN IP4 0.0.0.0
                        s=HIK Media Server V3.4.109
                        i=HIK Media Server Session Description : standard
                        e=NONE
                        c=IN IP4 0.0.0.0
                        t=0 0
                        a=control:*
                        b=AS:4106
                        a=range:clock=20200618T212222Z-20200618T212312Z
                        m=video 0 RTP/AVP 96
                        i=Video Media
                        a=rtpmap:96 H264/90000
                        a=fmtp:96 profile-level-id=4D0014;packetization-mode=0
                        a=control:trackID=video
                        b=AS:4096
                        m=audio 0 RTP/AVP 104
                        i=Audio Media
                        a=rtpmap:104 MPEG4-GENERIC/32000
                        a=control:trackID=audio
                        a=fmtp:104 profile-level-id=15; streamtype=5; mode=AAC-hbr; config=1408;SizeLength=13; \
                        IndexLength=3; IndexDeltaLength=3; Profile=1;
                        b=AS:10
                        a=Media_header:MEDIAINFO=494D4B48020100000400000101200210401F0000000000000000000000000000\
                        0000000000000000;
                        a=appversion:1.0
                        """, List.of(
                        "video 96 H264/90000/1 trackID=video -> H264 0x0, 0 sets",
                        "audio 104 MPEG4-GENERIC/32000/1 trackID=audio -> AAC 16000 Hz 1 ch clock 32000")),
                Arguments.of("HIK Media Server V5.03.010 NVR, audio fmtp for a payload type it does not offer, "
                        + "bluenviron/mediacommon#144", """
                        v=0
                        o=- 1109162014219182 0 IN IP4 0.0.0.0
                        s=HIK Media Server V5.03.010
                        i=HIK Media Server Session Description : standard
                        e=NONE
                        c=IN IP4 0.0.0.0
                        b=AS:2080
                        t=0 0
                        a=control:*
                        a=range:npt=now-
                        m=video 0 RTP/AVP 96
                        i=Video Media
                        b=AS:2048
                        a=recvonly
                        a=control:trackID=video
                        a=rtpmap:96 H264/90000
                        a=fmtp:96 profile-level-id=4D0014;packetization-mode=0
                        m=audio 0 RTP/AVP 104
                        i=Audio Media
                        b=AS:32
                        a=recvonly
                        a=control:trackID=audio
                        a=rtpmap:104 MPEG4-GENERIC/16000
                        a=fmtp:97 streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;\
                        indexdeltalength=3;config=1408
                        a=Media_header:MEDIAINFO=494D4B48020100000400000101200210401F0000000000000000000000000000\
                        0000000000000000;
                        a=appversion:1.0
                        """, List.of(
                        "video 96 H264/90000/1 trackID=video -> H264 0x0, 0 sets",
                        "audio 104 MPEG4-GENERIC/16000/1 trackID=audio -> unsupported")),
                Arguments.of("HIK Media Server V3.1.3 with a doubled c=IN, bluenviron/mediamtx#227", """
                        v=0
                        o=- 1109162014219182 0 IN IP4 0.0.0.0
                        s=HIK Media Server V3.1.3
                        i=HIK Media Server Session Description : standard
                        e=NONE
                        c=IN c=IN IP4 0.0.0.0
                        t=0 0
                        a=control:*
                        a=range:npt=now-
                        m=video 0 RTP/AVP 96
                        i=Video Media
                        a=rtpmap:96 H264/90000
                        a=fmtp:96 profile-level-id=4D0014;packetization-mode=0;\
                        sprop-parameter-sets=Z01AHppmBYHv81BgYGQAAA+gAAF3ABA=,aO48gA==
                        a=control:trackID=video
                        a=Media_header:MEDIAINFO=494D4B4801010000040000010000000000000000000000000000000000000000\
                        0000000000000000;
                        a=appversion:1.0
                        """, List.of("video 96 H264/90000/1 trackID=video -> H264 704x480, 2 sets")),
                Arguments.of("Reolink (BC Streaming Media v202210012022.10.01), go2rtc rtsp_test.go TestBugSDP3", """
                        v=0
                        o=- 1680614126554766 1 IN IP4 192.168.0.3
                        s=Session streamed by "preview"
                        t=0 0
                        a=tool:BC Streaming Media v202210012022.10.01
                        a=type:broadcast
                        a=control:*
                        a=range:npt=now-
                        a=x-qt-text-nam:Session streamed by "preview"
                        m=video 0 RTP/AVP 96
                        c=IN IP4 0.0.0.0
                        b=AS:8192
                        a=rtpmap:96 H264/90000
                        a=range:npt=now-
                        a=fmtp:96 packetization-mode=1;profile-level-id=640033;\
                        sprop-parameter-sets=Z2QAM6wVFKAoAPGQ,aO48sA==
                        a=recvonly
                        a=control:track1
                        m=audio 0 RTP/AVP 97
                        c=IN IP4 0.0.0.0
                        b=AS:8192
                        a=rtpmap:97 MPEG4-GENERIC/16000
                        a=fmtp:97 streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;\
                        indexdeltalength=3;config=1408;
                        a=recvonly
                        a=control:track2
                        m=audio 0 RTP/AVP 8
                        a=control:track3
                        a=rtpmap:8 PCMA/8000
                        a=sendonly""", List.of(
                        "video 96 H264/90000/1 track1 -> H264 2560x1920, 2 sets",
                        "audio 97 MPEG4-GENERIC/16000/1 track2 -> AAC 16000 Hz 1 ch",
                        "audio 8 PCMA/8000/1 track3 -> PCMA 8000 Hz 1 ch")),
                Arguments.of("TP-Link IPC with H.265 and a non-numeric format, pixelbender/go-sdp#5", """
                        v=0
                        o=- 14665860 31787219 1 IN IP4 192.168.35.39
                        s=Session streamed by "TP-LINK RTSP Server"
                        t=0 0
                        m=video 0 RTP/AVP 96
                        c=IN IP4 0.0.0.0
                        b=AS:4096
                        a=range:npt=0-
                        a=control:track1
                        a=rtpmap:96 H265/90000
                        a=fmtp:96 profile-space=0;profile-id=1;tier-flag=0;level-id=153;\
                        interop-constraints=000000000000;sprop-vps=QAEMAf//AUAAAAMAAAMAAAMAAAMAmawJ;\
                        sprop-sps=QgEBAUAAAAMAAAMAAAMAAAMAmaADwIARB8uWu5G4NcqqbAgAAAMACAAAAwB4QA==;\
                        sprop-pps=RAHAc8BBgwk=
                        m=audio 0 RTP/AVP 8
                        a=rtpmap:8 PCMA/8000
                        a=control:track2
                        m=application/tp-link 0 RTP/AVP smart/0/25000
                        a=rtpmap:95 tp-link/25000
                        a=control:track3
                        """, List.of(
                        "video 96 H265/90000/1 track1 -> H265 1920x1080, 3 sets",
                        "audio 8 PCMA/8000/1 track2 -> PCMA 8000 Hz 1 ch",
                        "application/tp-link -1 - track3 -> unsupported")),
                Arguments.of("TP-Link 2304x1296 H.265, bluenviron/mediamtx#990", """
                        v=0
                        o=- 14665860 31787219 1 IN IP4 192.168.4.226
                        s=Session streamed by "TP-LINK RTSP Server"
                        t=0 0
                        m=video 0 RTP/AVP 96
                        c=IN IP4 0.0.0.0
                        b=AS:4096
                        a=range:npt=0-
                        a=control:track1
                        a=rtpmap:96 H265/90000
                        a=fmtp:96 profile-space=0;profile-id=1;tier-flag=0;level-id=150;\
                        interop-constraints=000000000000;sprop-vps=QAEMAf//AWAAAAMAAAMAAAMAAAMAlqwJ;\
                        sprop-sps=QgEBAWAAAAMAAAMAAAMAAAMAlqABICAFEWNrkkya5ZwCAAADAAIAAAMAHhA=;\
                        sprop-pps=RAHgdrAmQA==
                        m=audio 0 RTP/AVP 8
                        a=rtpmap:8 PCMA/8000
                        a=control:track2
                        m=application/TP-LINK 0 RTP/AVP smart/1/90000
                        a=rtpmap:95 TP-LINK/90000
                        a=control:track3
                        """, List.of(
                        "video 96 H265/90000/1 track1 -> H265 2304x1296, 3 sets",
                        "audio 8 PCMA/8000/1 track2 -> PCMA 8000 Hz 1 ch",
                        "application/TP-LINK -1 - track3 -> unsupported")),
                Arguments.of("Ezviz C6N: H.265 rtpmap with an H.264 fmtp and empty sprop, AlexxIT/go2rtc#264", """
                        v=0
                        o=- 1676583297494652 1676583297494652 IN IP4 192.168.1.58
                        s=Media Presentation
                        e=NONE
                        b=AS:5050
                        t=0 0
                        a=control:rtsp://192.168.1.58:554/h264_stream/
                        m=video 0 RTP/AVP 96
                        b=AS:5000
                        a=control:rtsp://192.168.1.58:554/h264_stream/trackID=1
                        a=rtpmap:96 H265/90000
                        a=fmtp:96 profile-level-id=420029; packetization-mode=1; sprop-parameter-sets=
                        a=Media_header:MEDIAINFO=494D4B4801010000040005000000000000000000000000000000000000000000\
                        0000000000000000;
                        a=appversion:1.0
                        """, List.of(
                        "video 96 H265/90000/1 rtsp://192.168.1.58:554/h264_stream/trackID=1 -> H265 0x0, 0 sets")),
                Arguments.of("MERCURY (TP-Link) camera, bluenviron/gortsplib#271", """
                        v=0
                        o=- 14665860 31787219 1 IN IP4 192.168.0.60
                        s=Session streamed by "MERCURY RTSP Server"
                        t=0 0
                        a=smart_encoder:virtualIFrame=1
                        m=video 0 RTP/AVP 96
                        c=IN IP4 0.0.0.0
                        b=AS:4096
                        a=range:npt=0-
                        a=control:track1
                        a=rtpmap:96 H264/90000
                        a=fmtp:96 packetization-mode=1; profile-level-id=4D001F; \
                        sprop-parameter-sets=J00AH+dAKALdgKUFBQXwAAADABAAAAMCi2gD6AXf//wK,KO48gA==
                        m=audio 0 RTP/AVP 8
                        a=rtpmap:8 PCMA/8000
                        a=control:track2
                        m=application/MERCURY 0 RTP/AVP smart/1/90000
                        a=rtpmap:95 MERCURY/90000
                        a=control:track3
                        """, List.of(
                        "video 96 H264/90000/1 track1 -> H264 1280x720, 2 sets",
                        "audio 8 PCMA/8000/1 track2 -> PCMA 8000 Hz 1 ch",
                        "application/MERCURY -1 - track3 -> unsupported")),
                Arguments.of("Uniview IPC2122LB-SF28K-A, c=IN without address, bluenviron/mediamtx#5008", """
                        v=0
                        o=- 1001 1 IN
                        s=VCP IPC Realtime stream
                        m=video 0 RTP/AVP 105
                        c=IN
                        a=control:rtsp://10.0.0.1/media/video1/video
                        a=rtpmap:105 H264/90000
                        a=fmtp:105 profile-level-id=640028; packetization-mode=1; \
                        sprop-parameter-sets=Z2QAKKw7UDwBE/LCAAAH0AAA6mEI,aOqPLA==
                        a=recvonly
                        m=application 0 RTP/AVP 107
                        c=IN
                        a=control:rtsp://10.0.0.1/media/video1/metadata
                        a=rtpmap:107 vnd.onvif.metadata/90000
                        a=fmtp:107 DecoderTag=h3c-v3 RTCP=0
                        a=recvonly
                        """, List.of(
                        "video 105 H264/90000/1 rtsp://10.0.0.1/media/video1/video -> H264 1920x1080, 2 sets",
                        "application 107 vnd.onvif.metadata/90000/1 rtsp://10.0.0.1/media/video1/metadata "
                                + "-> unsupported")),
                Arguments.of("VCP IPC (H3C), static PCMU without rtpmap, AlexxIT/go2rtc#1426", """
                        v=0
                        o=- 1001 1 IN
                        s=VCP IPC Realtime stream
                        m=video 0 RTP/AVP 105
                        c=IN
                        a=control:rtsp://1.0.1.113/media/video2/video
                        a=rtpmap:105 H264/90000
                        a=fmtp:105 profile-level-id=640016; packetization-mode=1; \
                        sprop-parameter-sets=Z2QAFqw7UFAX/LCAAAH0AABOIEI=,aOqPLA==
                        a=recvonly
                        m=audio 0 RTP/AVP 0
                        c=IN
                        a=fmtp:0 RTCP=0
                        a=control:rtsp://1.0.1.113/media/video2/audio1
                        a=recvonly
                        m=application 0 RTP/AVP 107
                        c=IN
                        a=control:rtsp://1.0.1.113/media/video2/metadata
                        a=rtpmap:107 vnd.onvif.metadata/90000
                        a=fmtp:107 DecoderTag=h3c-v3 RTCP=0
                        a=recvonly
                        """, List.of(
                        "video 105 H264/90000/1 rtsp://1.0.1.113/media/video2/video -> H264 640x360, 2 sets",
                        "audio 0 - rtsp://1.0.1.113/media/video2/audio1 -> PCMU 8000 Hz 1 ch",
                        "application 107 vnd.onvif.metadata/90000/1 rtsp://1.0.1.113/media/video2/metadata "
                                + "-> unsupported")),
                Arguments.of("Wisenet NVR DWC-MV94WiAT, no o= and t=, static MPEG audio, bluenviron/mediamtx#3583",
                        """
                        v=0
                        s=DWC-MV94WiAT
                        c=IN IP4 10.1.10.178
                        m=video 0 RTP/AVP 96
                        a=control:trackID=0
                        a=rtpmap:96 H264/90000
                        a=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z00AMpY1QFEBf03AQEBAgA==,aO4xsg==; \
                        profile-level-id=4D0032
                        m=audio 0 RTP/AVP 14
                        a=control:trackID=1
                        m=text 0 RTP/AVP 103
                        a=control:trackID=2
                        a=rtpmap:103 object-detection/1000
                        """, List.of(
                        "video 96 H264/90000/1 trackID=0 -> H264 2592x1520, 2 sets",
                        "audio 14 - trackID=1 -> unsupported",
                        "text 103 object-detection/1000/1 trackID=2 -> unsupported")),
                Arguments.of("Altasec NVR, bluenviron/mediamtx#2762", """
                        v=0
                        o=Channel1 3910280086 3910366486 IN IP4
                        s=Channel1
                        c=IN IP4 0.0.0.0
                        t=3910280086 3910366486
                        a=range:npt=0-
                        a=control:*
                        m=video 0 RTP/AVP 96
                        a=control:0
                        a=rtpmap:96 H264/90000
                        a=recvonly
                        a=fmtp:96 packetization-mode=1;profile-level-id=4D4016;\
                        sprop-parameter-sets=Z01AFo2NQFAX/L/4BDgEQ3AQEBQAAA+gAACcQ6GB9ACMq7y40MD6AEZV3lwo,aO44gA==
                        m=audio 0 RTP/AVP 0
                        a=control:1
                        a=recvonly
                        a=rtpmap:0 PCMU/8000
                        m=application 0 RTP/AVP 107
                        a=control:2
                        a=recvonly
                        a=rtpmap:107 METADATA/90000
                        """, List.of(
                        "video 96 H264/90000/1 0 -> H264 640x360, 2 sets",
                        "audio 0 PCMU/8000/1 1 -> PCMU 8000 Hz 1 ch",
                        "application 107 METADATA/90000/1 2 -> unsupported")),
                Arguments.of("SONY SNC-WR630, PPS with trailing zero bytes, bluenviron/mediamtx#85", """
                        v=0
                        o=- 12345 1 IN IP4 10.21.61.139
                        s=Sony RTSP Server
                        t=0 0
                        a=range:npt=now-
                        c=IN IP4 0.0.0.0
                        m=video 0 RTP/AVP 105
                        a=rtpmap:105 H264/90000
                        a=control:trackID=1
                        a=recvonly
                        a=framerate:25.0
                        a=fmtp:105 packetization-mode=1; profile-level-id=640028; \
                        sprop-parameter-sets=Z2QAKKwa0A8ARPy4CIAAAAMAgAAADLWgAtwAHJ173CPFCKg=,KO4ESSJAAAAAAAAAAA==
                        """, List.of("video 105 H264/90000/1 trackID=1 -> H264 1920x1080, 2 sets")),
                Arguments.of("FLIR infrared camera, five formats in one m= line, bluenviron/gortsplib#85", """
                        v=0
                        o=- 0 0 IN IP4 172.16.2.20
                        s=IR stream
                        i=Live infrared
                        c=IN IP4 172.16.2.20
                        t=now-
                        m=video 0 RTP/AVP 96 97 111 112 99
                        a=control:rtsp://172.16.2.20/sid=96&overlay=on
                        a=framerate:30
                        a=rtpmap:96 MP4V-ES/90000
                        a=framesize:96 640-480
                        a=fmtp:96 profile-level-id=1;config=000001B002000001B59113000001000000012000C888800F514043C14103
                        a=rtpmap:97 MP4V-ES/90000
                        a=framesize:97 320-240
                        a=fmtp:97 profile-level-id=1;config=000001B002000001B59113000001000000012000C888800F50A041E14103
                        a=rtpmap:111 H264/90000
                        a=framesize:111 640-480
                        a=fmtp:111 profile-level-id=42001E;packetization-mode=1;\
                        sprop-parameter-sets=Z0IAHqtAUB7I,aM4xEg==
                        a=rtpmap:112 H264/90000
                        a=framesize:112 320-240
                        a=fmtp:112 profile-level-id=42001E;packetization-mode=1;\
                        sprop-parameter-sets=Z0IAHqtAoPyA,aM4xEg==
                        a=rtpmap:99 FCAM/90000
                        a=framesize:99 320-240
                        a=fmtp:99 sampling=mono; width=320; height=240; depth=16
                        """, List.of("video 96 MP4V-ES/90000/1 rtsp://172.16.2.20/sid=96&overlay=on -> unsupported")),
                Arguments.of("VLC 3.0.16 restreaming a webcam, mpromonet/v4l2rtspserver#285", """
                        v=0
                        o=- 16601003535168796699 16601003535168796699 IN IP4 kerberos
                        s=Unnamed
                        i=N/A
                        c=IN IP4 0.0.0.0
                        t=0 0
                        a=tool:vlc 3.0.16
                        a=recvonly
                        a=type:broadcast
                        a=charset:UTF-8
                        a=control:rtsp://192.168.1.234:8554/stream1
                        m=video 0 RTP/AVP 96
                        b=RR:0
                        a=rtpmap:96 H264/90000
                        a=fmtp:96 packetization-mode=1;profile-level-id=640028;\
                        sprop-parameter-sets=J2QAKKwrQFAe0IAAAAMAgAAAHnJQABMSwAAvrze9wDxImoA=,KO4fLA==;
                        a=control:rtsp://192.168.1.234:8554/stream1/trackID=0
                        """, List.of(
                        "video 96 H264/90000/1 rtsp://192.168.1.234:8554/stream1/trackID=0 -> H264 640x480, 2 sets")),
                Arguments.of("LIVE555 v2022.06.16 serving MJPEG, mpromonet/v4l2rtspserver#285", """
                        v=0
                        o=- 1656233372976675 1 IN IP4 192.168.1.234
                        s=LIVE555 Streaming Media v2022.06.16
                        i=LIVE555 Streaming Media v2022.06.16
                        t=0 0
                        a=tool:LIVE555 Streaming Media v2022.06.16
                        a=type:broadcast
                        a=control:*
                        a=range:npt=now-
                        a=x-qt-text-nam:LIVE555 Streaming Media v2022.06.16
                        a=x-qt-text-inf:LIVE555 Streaming Media v2022.06.16
                        m=video 0 RTP/AVP 26
                        c=IN IP4 0.0.0.0
                        b=AS:500
                        a=fmtp:26
                        a=x-dimensions:1280,960
                        a=control:track1
                        """, List.of("video 26 - track1 -> unsupported")),
                Arguments.of("MediaMTX v0.23.3 with an ffmpeg libx264 publisher, bluenviron/mediamtx#1903", """
                        v=0
                        o=- 0 0 IN IP4 127.0.0.1
                        s=Stream
                        c=IN IP4 0.0.0.0
                        t=0 0
                        m=video 0 RTP/AVP 96
                        a=control:rtsp://35.198.10.218:8081/stream_720p_1/trackID=0
                        a=rtpmap:96 H264/90000
                        a=fmtp:96 packetization-mode=1; profile-level-id=42C028; \
                        sprop-parameter-sets=Z0LAKNoB4AiflwFuAgICgAAAAwCAAAAFB4wZUA==,aM48gA==
                        """, List.of(
                        "video 96 H264/90000/1 rtsp://35.198.10.218:8081/stream_720p_1/trackID=0 "
                                + "-> H264 1920x1080, 2 sets")),
                Arguments.of("go2rtc 1.2.0 restream: AAC, Opus and H.264 without controls, go2rtc client_test.go",
                        """
                        v=0
                        o=- 1 1 IN IP4 0.0.0.0
                        s=go2rtc/1.2.0
                        c=IN IP4 0.0.0.0
                        t=0 0
                        m=audio 0 RTP/AVP 96
                        a=rtpmap:96 MPEG4-GENERIC/48000/2
                        a=fmtp:96 profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3; \
                        config=119056E500
                        m=audio 0 RTP/AVP 97
                        a=rtpmap:97 OPUS/48000/2
                        a=fmtp:97 sprop-stereo=1
                        m=video 0 RTP/AVP 98
                        a=rtpmap:98 H264/90000
                        a=fmtp:98 packetization-mode=1; sprop-parameter-sets=Z2QAKaw0yAeAIn5cBagICAoAAAfQAAE4gdDA\
                        AjhAACOEF3lxoYAEcIAARwgu8uFA,aO48MAA=; profile-level-id=640029
                        """, List.of(
                        "audio 96 MPEG4-GENERIC/48000/2 - -> AAC 48000 Hz 2 ch",
                        "audio 97 OPUS/48000/2 - -> unsupported",
                        "video 98 H264/90000/1 - -> H264 1920x1080, 2 sets")),
                Arguments.of("gst-rtsp-server H264_AAC as our peer test recorded it (from a=tool on), "
                        + "docs/compatibility.md", """
                        a=tool:GStreamer
                        a=type:broadcast
                        a=control:*
                        a=range:npt=now-
                        m=video 0 RTP/AVP 96
                        c=IN IP4 0.0.0.0
                        b=AS:819
                        a=rtpmap:96 H264/90000
                        a=framerate:25
                        a=fmtp:96 packetization-mode=1;\
                        sprop-parameter-sets=Z0LAHtoCgL/lwFqDAwNSgAAAAwCAAAAZR4sXUA==,aM48gA==;\
                        profile-level-id=42c01e;level-asymmetry-allowed=1
                        a=control:stream=0
                        a=ts-refclk:local
                        a=mediaclk:sender
                        a=ssrc:2975095705 cname:user3039745205@host-9f07d9b7
                        m=audio 0 RTP/AVP 97
                        c=IN IP4 0.0.0.0
                        a=rtpmap:97 MPEG4-GENERIC/48000/1
                        a=fmtp:97 streamtype=5;profile-level-id=2;mode=AAC-hbr;config=118856e500;sizelength=13;\
                        indexlength=3;indexdeltalength=3
                        a=control:stream=1
                        """, List.of(
                        "video 96 H264/90000/1 stream=0 -> H264 640x360, 2 sets",
                        "audio 97 MPEG4-GENERIC/48000/1 stream=1 -> AAC 48000 Hz 1 ch")),
                Arguments.of("gst-rtsp-server H265_PCMA media sections, docs/compatibility.md", """
                        m=video 0 RTP/AVP 96
                        a=rtpmap:96 H265/90000
                        a=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwA8ugJA;\
                        sprop-sps=QgEBAWAAAAMAkAAAAwAAAwA8oAoIDB8+W6Skwv/wABAAFqDAwMCAAAADAIAAAAeE;sprop-pps=RAHAcYMS
                        m=audio 0 RTP/AVP 8
                        a=rtpmap:8 PCMA/8000
                        """, List.of(
                        "video 96 H265/90000/1 - -> H265 320x180, 3 sets",
                        "audio 8 PCMA/8000/1 - -> PCMA 8000 Hz 1 ch")),
                Arguments.of("VLC 3.0.24, both media on payload type 96, audio first (from o= on), "
                        + "docs/compatibility.md", """
                        o=- 17201996691682726443 17201996691682726443 IN IP4 vm
                        s=Unnamed
                        i=N/A
                        c=IN IP4 0.0.0.0
                        t=0 0
                        a=tool:vlc 3.0.24
                        a=recvonly
                        a=type:broadcast
                        a=charset:UTF-8
                        a=control:rtsp://127.0.0.1:PORT/stream
                        m=audio 0 RTP/AVP 96
                        b=RR:0
                        a=rtpmap:96 mpeg4-generic/48000
                        a=fmtp:96 streamtype=5; profile-level-id=15; mode=AAC-hbr; config=118856e500; SizeLength=13; \
                        IndexLength=3; IndexDeltaLength=3; Profile=1;
                        a=control:rtsp://127.0.0.1:PORT/stream/trackID=0
                        m=video 0 RTP/AVP 96
                        b=AS:879
                        b=RR:0
                        a=rtpmap:96 H264/90000
                        a=fmtp:96 packetization-mode=1;profile-level-id=42c01e;\
                        sprop-parameter-sets=Z0LAHtoCgL/lwEQAAAMABAAAAwDIPFi6gA==,aM48gA==;
                        a=control:rtsp://127.0.0.1:PORT/stream/trackID=1
                        """, List.of(
                        "audio 96 mpeg4-generic/48000/1 rtsp://127.0.0.1:PORT/stream/trackID=0 -> AAC 48000 Hz 1 ch",
                        "video 96 H264/90000/1 rtsp://127.0.0.1:PORT/stream/trackID=1 -> H264 640x360, 2 sets")),
                Arguments.of("RtspServer camera repeating s=, i= and control inside media, go2rtc TestBugSDP1",
                        """
                        v=0
                        o=- 91674849066 1 IN IP4 192.168.1.123
                        s=RtspServer
                        i=live
                        t=0 0
                        a=control:*
                        a=range:npt=0-
                        m=video 0 RTP/AVP 96
                        c=IN IP4 0.0.0.0
                        s=RtspServer
                        i=live
                        a=control:track0
                        a=range:npt=0-
                        a=rtpmap:96 H264/90000
                        a=fmtp:96 packetization-mode=1;profile-level-id=42001E;\
                        sprop-parameter-sets=Z0IAHvQCgC3I,aM48gA==
                        a=control:track0
                        m=audio 0 RTP/AVP 97
                        c=IN IP4 0.0.0.0
                        s=RtspServer
                        i=live
                        a=control:track1
                        a=range:npt=0-
                        a=rtpmap:97 MPEG4-GENERIC/8000/1
                        a=fmtp:97 profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;\
                        config=1588
                        a=control:track1
                        """, List.of(
                        "video 96 H264/90000/1 track0 -> H264 1280x720, 2 sets",
                        "audio 97 MPEG4-GENERIC/8000/1 track1 -> AAC 8000 Hz 1 ch")),
                Arguments.of("camera with a PCMA rtpmap under another number and the video fmtp in the audio "
                        + "section, go2rtc TestBugSDP2", """
                        v=0
                        o=- 1675628282 1675628283 IN IP4 192.168.1.123
                        s=streamed by the RTSP server
                        t=0 0
                        m=video 0 RTP/AVP 96
                        a=rtpmap:96 H264/90000
                        a=control:track0
                        m=audio 0 RTP/AVP 8
                        a=rtpmap:0 pcma/8000/1
                        a=control:track1
                        a=framerate:25
                        a=range:npt=now-
                        a=fmtp:96 packetization-mode=1;profile-level-id=64001F;\
                        sprop-parameter-sets=Z0IAH5WoFAFuQA==,aM48gA==
                        """, List.of(
                        "video 96 H264/90000/1 track0 -> H264 0x0, 0 sets",
                        "audio 8 - track1 -> PCMA 8000 Hz 1 ch")),
                Arguments.of("H.265 sprop values with Annex-B start codes, gortsplib format_test.go "
                        + "\"video h265 annexb\"", """
                        v=0
                        s=
                        m=video 0 RTP/AVP 96
                        a=rtpmap:96 H265/90000
                        a=fmtp:96 sprop-vps=AAAAAUABDAH//wFgAAADAAADAAADAAADAJasCQ==; \
                        sprop-sps=AAAAAUIBAQFgAAADAAADAAADAAADAJagBaIB4WNrkkya5Zk=; sprop-pps=AAAAAUQB4HawJkA=
                        """, List.of("video 96 H265/90000/1 - -> H265 720x480, 3 sets")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void describeAnswerGivesEveryTrackAsTheCameraMeantIt(String source, String sdp, List<String> expected)
            throws SdpFormatException {
        SessionDescription parsed = SessionDescription.parse(sdp);
        List<String> tracks = new ArrayList<>();
        for (MediaDescription m : parsed.media()) {
            tracks.add(summary(m));
        }
        assertThat(tracks).containsExactlyElementsOf(expected);
    }

    private static String summary(MediaDescription m) {
        String rtpMap = m.rtpMap().map(r -> r.encoding() + "/" + r.clockRate() + "/" + r.channels()).orElse("-");
        SdpTracks.Result result = SdpTracks.trackFormat(m);
        return m.media() + " " + m.payloadType() + " " + rtpMap + " " + m.control().orElse("-") + " -> "
                + (result.supported() ? track(result.format()) : "unsupported");
    }

    private static String track(TrackFormat f) {
        if (f.codec().isVideo()) {
            return f.codec() + " " + f.width() + "x" + f.height() + ", " + f.parameterSets().size() + " sets";
        }
        String clock = f.timescale() == f.sampleRate() ? "" : " clock " + f.timescale();
        return f.codec() + " " + f.sampleRate() + " Hz " + f.channels() + " ch" + clock;
    }
}

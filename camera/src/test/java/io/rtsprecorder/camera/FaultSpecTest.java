package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --fault /PATH=KIND[:ARG]}: what is accepted, and the exact words for what is not. */
class FaultSpecTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /c=refuse           | REFUSE    | 0
            /c=drop             | DROP      | 0
            /c=silence:10       | SILENCE   | 10
            /c=garbage:12       | GARBAGE   | 12
            /c=restart          | RESTART   | 0
            /c=bye              | BYE       | 0
            /c=BYE              | BYE       | 0
            /c=rtp-stall:1      | RTP_STALL | 1
            /c=rtp-stall:3600   | RTP_STALL | 3600
            /c=ts-step:-100     | TS_STEP   | -100
            /c=ts-step:-1       | TS_STEP   | -1
            /c=ts-step:-10000   | TS_STEP   | -10000
            /c=ts-jump:+30      | TS_JUMP   | 30
            /c=ts-jump:30       | TS_JUMP   | 30
            /c=ts-jump:86400    | TS_JUMP   | 86400
            "/c = ts-jump:+1 "  | TS_JUMP   | 1
            """)
    void goodSpecsParseToTheirKindAndArgument(String spec, FaultKind kind, long argument) {
        assertThat(FaultSpec.parse(spec)).isEqualTo(new FaultSpec("/c", kind, argument));
    }

    @ParameterizedTest(name = "{0}")
    @SuppressWarnings("checkstyle:LineLength") // the expected messages are written out whole
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            cam1                | fault must be /PATH=KIND[:ARG]: cam1
            /c=melt             | unknown fault 'melt' (refuse, drop, silence:SECONDS, garbage:BYTES, restart, bye, rtp-stall:SECONDS, ts-step:-MS, ts-jump:+SECONDS, password-change:SECONDS)
            /c=bye:3            | bye takes no argument: /c=bye:3
            /c=drop:1           | drop takes no argument: /c=drop:1
            /c=silence          | silence needs an argument: /c=silence:SECONDS
            /c=silence:0        | silence lasts 1 to 3600 seconds; got 0
            /c=rtp-stall        | rtp-stall needs an argument: /c=rtp-stall:SECONDS
            /c=rtp-stall:       | rtp-stall needs an argument: /c=rtp-stall:SECONDS
            /c=rtp-stall:0      | rtp-stall lasts 1 to 3600 seconds; got 0
            /c=rtp-stall:3601   | rtp-stall lasts 1 to 3600 seconds; got 3601
            /c=rtp-stall:ten    | rtp-stall needs a whole number, got 'ten'
            /c=ts-step          | ts-step needs an argument: /c=ts-step:-MS
            /c=ts-step:100      | ts-step steps back 1 to 10000 ms, written as a negative number like -100; got 100
            /c=ts-step:0        | ts-step steps back 1 to 10000 ms, written as a negative number like -100; got 0
            /c=ts-step:-10001   | ts-step steps back 1 to 10000 ms, written as a negative number like -100; got -10001
            /c=ts-jump          | ts-jump needs an argument: /c=ts-jump:+SECONDS
            /c=ts-jump:-5       | ts-jump jumps forward 1 to 86400 seconds; got -5
            /c=ts-jump:86401    | ts-jump jumps forward 1 to 86400 seconds; got 86401
            /c=ts-jump:1.5      | ts-jump needs a whole number, got '1.5'
            /c=ts-jump:99999999999999999999 | ts-jump needs a whole number, got '99999999999999999999'
            /c=garbage:2000000  | garbage writes 1 to 1000000 bytes; got 2000000
            """)
    void badSpecsAreRefusedWithAMessageThatSaysWhatIsRight(String spec, String message) {
        assertThatThrownBy(() -> FaultSpec.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}

package dev.mimamori.sensors.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLineReaderTest {
  @TempDir Path dir;

  private Path file(String content) throws IOException {
    return file(content.getBytes(StandardCharsets.UTF_8));
  }

  private Path file(byte[] content) throws IOException {
    Path p = dir.resolve("access.log");
    Files.write(p, content);
    return p;
  }

  private static void append(Path p, String content) throws IOException {
    Files.writeString(p, content, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /** Reads and collects; returns the resume position. */
  private static FileLineReader.Position read(
      FileLineReader reader, FileLineReader.Position from, boolean partial, List<RawLine> into)
      throws Exception {
    return reader.read(from.offset(), from.lineNumber(), partial, into::add);
  }

  private static final FileLineReader.Position START = new FileLineReader.Position(0, 1);

  @Test
  void readsEveryLineWithItsOffsetsAndNumber() throws Exception {
    Path p = file("a\nbb\nccc\n");
    List<RawLine> lines = new ArrayList<>();

    FileLineReader.Position end = read(new FileLineReader(p), START, false, lines);

    assertThat(lines)
        .containsExactly(
            new RawLine(p.toString(), 0, 2, 1, "a", false),
            new RawLine(p.toString(), 2, 5, 2, "bb", false),
            new RawLine(p.toString(), 5, 9, 3, "ccc", false));
    assertThat(end).isEqualTo(new FileLineReader.Position(9, 4));
  }

  @Test
  void readsAnEmptyFileAsNoLines() throws Exception {
    Path p = file("");
    List<RawLine> lines = new ArrayList<>();

    FileLineReader.Position end = read(new FileLineReader(p), START, true, lines);

    assertThat(lines).isEmpty();
    assertThat(end).isEqualTo(START);
  }

  @Test
  void keepsEmptyLines() throws Exception {
    Path p = file("\n\nx\n");
    List<RawLine> lines = new ArrayList<>();

    read(new FileLineReader(p), START, false, lines);

    assertThat(lines).extracting(RawLine::text).containsExactly("", "", "x");
    assertThat(lines).extracting(RawLine::lineNumber).containsExactly(1L, 2L, 3L);
  }

  @Test
  void resumesFromTheReturnedPositionWithoutLosingOrDoublingLines() throws Exception {
    Path p = file("");
    for (int k = 1; k <= 50; k++) {
      append(p, "line " + k + "\n");
    }
    FileLineReader reader = new FileLineReader(p);
    List<RawLine> lines = new ArrayList<>();
    FileLineReader.Position half = read(reader, START, false, lines);
    for (int k = 51; k <= 100; k++) {
      append(p, "line " + k + "\n");
    }

    FileLineReader.Position end = read(reader, half, false, lines);

    assertThat(lines).hasSize(100);
    for (int k = 0; k < 100; k++) {
      assertThat(lines.get(k).text()).isEqualTo("line " + (k + 1));
      assertThat(lines.get(k).lineNumber()).isEqualTo(k + 1);
    }
    for (int k = 1; k < 100; k++) {
      assertThat(lines.get(k).offset()).isEqualTo(lines.get(k - 1).nextOffset());
    }
    assertThat(end).isEqualTo(new FileLineReader.Position(Files.size(p), 101));
  }

  @Test
  void resumesALineThatWasHalfWrittenAtTheFirstRead() throws Exception {
    Path p = file("first\nsec");
    FileLineReader reader = new FileLineReader(p);
    List<RawLine> lines = new ArrayList<>();
    FileLineReader.Position mid = read(reader, START, false, lines);
    append(p, "ond\nthird\n");

    read(reader, mid, false, lines);

    assertThat(lines).extracting(RawLine::text).containsExactly("first", "second", "third");
    assertThat(lines).extracting(RawLine::lineNumber).containsExactly(1L, 2L, 3L);
    assertThat(lines.get(1).offset()).isEqualTo(6);
  }

  @Test
  void readingAtTheEndReturnsNoLinesAndTheSamePosition() throws Exception {
    Path p = file("a\nb\n");
    FileLineReader reader = new FileLineReader(p);
    FileLineReader.Position end = read(reader, START, false, new ArrayList<>());
    List<RawLine> again = new ArrayList<>();

    FileLineReader.Position next = read(reader, end, false, again);

    assertThat(again).isEmpty();
    assertThat(next).isEqualTo(end);
  }

  @Test
  void stripsTheCarriageReturnOfCrlfLineEndings() throws Exception {
    Path p = file("GET /a\r\nGET /b\r\n");
    List<RawLine> lines = new ArrayList<>();

    read(new FileLineReader(p), START, false, lines);

    assertThat(lines).extracting(RawLine::text).containsExactly("GET /a", "GET /b");
  }

  @Test
  void countsTheCarriageReturnInTheOffsets() throws Exception {
    Path p = file("ab\r\ncd\r\n");
    List<RawLine> lines = new ArrayList<>();

    read(new FileLineReader(p), START, false, lines);

    assertThat(lines.get(0).nextOffset()).isEqualTo(4);
    assertThat(lines.get(1).offset()).isEqualTo(4);
  }

  @Test
  void keepsACarriageReturnInsideALine() throws Exception {
    Path p = file("a\rb\n");
    List<RawLine> lines = new ArrayList<>();

    read(new FileLineReader(p), START, false, lines);

    assertThat(lines).extracting(RawLine::text).containsExactly("a\rb");
  }

  @Test
  void replacesInvalidUtf8InsteadOfDroppingTheLine() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("ok\n".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[] {'a', 'b', (byte) 0xFF, (byte) 0xC3, 'c', 'd', '\n'});
    b.writeBytes("after\n".getBytes(StandardCharsets.US_ASCII));
    Path p = file(b.toByteArray());
    List<RawLine> lines = new ArrayList<>();

    read(new FileLineReader(p), START, false, lines);

    assertThat(lines).extracting(RawLine::text).containsExactly("ok", "ab\uFFFD\uFFFDcd", "after");
    assertThat(lines.get(2).offset()).isEqualTo(10);
  }

  @Test
  void decodesMultibyteUtf8() throws Exception {
    Path p = file("/商品一覧?name=ふるさと\n");
    List<RawLine> lines = new ArrayList<>();

    read(new FileLineReader(p), START, false, lines);

    assertThat(lines).extracting(RawLine::text).containsExactly("/商品一覧?name=ふるさと");
    assertThat(lines.get(0).nextOffset())
        .isEqualTo("/商品一覧?name=ふるさと\n".getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void truncatesALineLongerThanMaxLineBytesAndFlagsIt() throws Exception {
    Path p = file("x".repeat(40) + "\nshort\n");
    List<RawLine> lines = new ArrayList<>();

    read(new FileLineReader(p, 16), START, false, lines);

    assertThat(lines.get(0).text()).isEqualTo("x".repeat(16));
    assertThat(lines.get(0).truncated()).isTrue();
    assertThat(lines.get(0).nextOffset()).isEqualTo(41);
  }

  @Test
  void linesAfterATruncatedLineAreNotFlagged() throws Exception {
    Path p = file("x".repeat(40) + "\nshort\n");
    List<RawLine> lines = new ArrayList<>();

    read(new FileLineReader(p, 16), START, false, lines);

    assertThat(lines.get(1)).isEqualTo(new RawLine(p.toString(), 41, 47, 2, "short", false));
  }

  @Test
  void lineOfExactlyMaxLineBytesIsNotTruncated() throws Exception {
    Path p = file("y".repeat(16) + "\n");
    List<RawLine> lines = new ArrayList<>();

    read(new FileLineReader(p, 16), START, false, lines);

    assertThat(lines.get(0).text()).isEqualTo("y".repeat(16));
    assertThat(lines.get(0).truncated()).isFalse();
  }

  @Test
  void truncatesAtTheDefaultSixtyFourKibibytes() throws Exception {
    Path p = file("z".repeat(100_000) + "\nnext\n");
    List<RawLine> lines = new ArrayList<>();

    read(new FileLineReader(p), START, false, lines);

    assertThat(lines.get(0).text()).hasSize(FileLineReader.DEFAULT_MAX_LINE_BYTES);
    assertThat(lines.get(0).truncated()).isTrue();
    assertThat(lines.get(1).text()).isEqualTo("next");
    assertThat(lines.get(1).offset()).isEqualTo(100_001);
  }

  @Test
  void holdsBackAPartialLastLineByDefault() throws Exception {
    Path p = file("done\npartial");
    List<RawLine> lines = new ArrayList<>();

    FileLineReader.Position end = read(new FileLineReader(p), START, false, lines);

    assertThat(lines).extracting(RawLine::text).containsExactly("done");
    assertThat(end).isEqualTo(new FileLineReader.Position(5, 2));
  }

  @Test
  void returnsAPartialLastLineWhenAsked() throws Exception {
    Path p = file("done\npartial");
    List<RawLine> lines = new ArrayList<>();

    FileLineReader.Position end = read(new FileLineReader(p), START, true, lines);

    assertThat(lines).extracting(RawLine::text).containsExactly("done", "partial");
    assertThat(lines.get(1).nextOffset()).isEqualTo(12);
    assertThat(end).isEqualTo(new FileLineReader.Position(12, 3));
  }

  @Test
  void restartsAtTheBeginningWhenTheFileWasTruncatedBelowTheSavedOffset() throws Exception {
    Path p = file("one\ntwo\nthree\n");
    FileLineReader reader = new FileLineReader(p);
    FileLineReader.Position saved = read(reader, START, false, new ArrayList<>());
    Files.writeString(p, "new\n");
    List<RawLine> lines = new ArrayList<>();

    FileLineReader.Position end = read(reader, saved, false, lines);

    assertThat(lines).containsExactly(new RawLine(p.toString(), 0, 4, 1, "new", false));
    assertThat(end).isEqualTo(new FileLineReader.Position(4, 2));
  }

  @Test
  void startsFromTheGivenOffsetAndLineNumber() throws Exception {
    Path p = file("a\nb\nc\n");
    List<RawLine> lines = new ArrayList<>();

    reader(p).read(2, 2, false, lines::add);

    assertThat(lines).extracting(RawLine::text).containsExactly("b", "c");
    assertThat(lines).extracting(RawLine::lineNumber).containsExactly(2L, 3L);
  }

  @Test
  void passesOnTheSinksInterruption() throws Exception {
    Path p = file("a\nb\n");

    assertThatThrownBy(
            () ->
                reader(p)
                    .read(
                        0,
                        1,
                        false,
                        line -> {
                          throw new InterruptedException("stop");
                        }))
        .isInstanceOf(InterruptedException.class);
  }

  @Test
  void refusesMaxLineBytesBelowSixteen() {
    assertThatThrownBy(() -> new FileLineReader(dir.resolve("x"), 15))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static FileLineReader reader(Path p) {
    return new FileLineReader(p);
  }

  @Test
  void readsAGzipCompressedLogAndResumesInItsUncompressedOffsets() throws Exception {
    java.nio.file.Path gz = dir.resolve("access.log.1.gz");
    try (var out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
      out.write("first\nsecond\nthird\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    FileLineReader reader = new FileLineReader(gz);
    java.util.List<RawLine> firstTwo = new java.util.ArrayList<>();
    reader.read(
        0,
        1,
        true,
        l -> {
          if (firstTwo.size() < 2) {
            firstTwo.add(l);
          }
        });
    java.util.List<String> rest = new java.util.ArrayList<>();

    reader.read(
        firstTwo.get(1).nextOffset(), 3, true, l -> rest.add(l.lineNumber() + ":" + l.text()));

    assertThat(firstTwo).extracting(RawLine::text).containsExactly("first", "second");
    assertThat(firstTwo.get(1).offset()).isEqualTo(6);
    assertThat(rest).containsExactly("3:third");
  }

  @Test
  void findsTheFirstNewlineAsAByteLoopDoes() {
    java.util.Random random = new java.util.Random(7);
    for (int round = 0; round < 20_000; round++) {
      byte[] a = new byte[random.nextInt(40)];
      for (int i = 0; i < a.length; i++) {
        // Newlines rare or dense, and bytes one off a newline (0x0B, 0x09, 0x8A) that a word
        // test could confuse with it.
        int pick = random.nextInt(round % 3 == 0 ? 4 : 40);
        a[i] = (byte) (pick == 0 ? '\n' : new int[] {0x0B, 0x09, 0x8A, 0x00, 'a'}[pick % 5]);
      }
      int from = a.length == 0 ? 0 : random.nextInt(a.length + 1);
      int limit = from + (a.length == from ? 0 : random.nextInt(a.length - from + 1));
      int expected = limit;
      for (int i = from; i < limit; i++) {
        if (a[i] == '\n') {
          expected = i;
          break;
        }
      }
      assertThat(FileLineReader.indexOfNewline(a, from, limit)).isEqualTo(expected);
    }
  }

  @Test
  void decodesInvalidUtf8AsTheCharsetDecoderWithReplaceDoes() throws Exception {
    java.util.Random random = new java.util.Random(11);
    java.nio.charset.CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
    byte[] pieces = "a\u00e9\u65e5\ud83d\ude00".getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 20_000; round++) {
      byte[] a = new byte[random.nextInt(24)];
      for (int i = 0; i < a.length; i++) {
        a[i] =
            random.nextBoolean()
                ? pieces[random.nextInt(pieces.length)]
                : (byte) random.nextInt(256);
      }
      String expected = decoder.reset().decode(java.nio.ByteBuffer.wrap(a)).toString();
      assertThat(FileLineReader.decode(a, 0, a.length)).isEqualTo(expected);
    }
  }

  @Test
  void readsLinesAcrossChunkBoundariesAsASimpleSplitDoes() throws Exception {
    java.util.Random random = new java.util.Random(3);
    StringBuilder content = new StringBuilder();
    List<String> expected = new ArrayList<>();
    while (content.length() < 400_000) {
      int n = random.nextInt(10) == 0 ? random.nextInt(70_000) : random.nextInt(300);
      String line = "x".repeat(n) + (random.nextBoolean() ? "\u00e9" : "");
      if (random.nextInt(5) == 0) {
        content.append(line).append("\r\n");
      } else {
        content.append(line).append('\n');
      }
      expected.add(line);
    }
    Path p = file(content.toString());
    List<RawLine> lines = new ArrayList<>();

    FileLineReader.Position end = read(new FileLineReader(p, 80_000), START, false, lines);

    assertThat(lines).extracting(RawLine::text).containsExactlyElementsOf(expected);
    assertThat(end.offset()).isEqualTo(Files.size(p));
    long at = 0;
    for (RawLine l : lines) {
      assertThat(l.offset()).isEqualTo(at);
      at = l.nextOffset();
    }
  }
}

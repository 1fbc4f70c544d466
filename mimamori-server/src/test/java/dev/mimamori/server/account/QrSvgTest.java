package dev.mimamori.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QrSvgTest {
  static final String URI =
      "otpauth://totp/mimamori%3Ahanako?secret=JBSWY3DPEHPK3PXP&issuer=mimamori&algorithm=SHA1"
          + "&digits=6&period=30";

  @Test
  void drawsACodeThatAQrReaderReadsBack() throws Exception {
    String svg = QrSvg.of(URI);

    assertThat(read(svg)).isEqualTo(URI);
  }

  /** Paints the SVG's unit squares, four pixels each, and reads the picture with ZXing. */
  static String read(String svg) throws Exception {
    Matcher size = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
    assertThat(size.find()).isTrue();
    int w = Integer.parseInt(size.group(1));
    int scale = 4;
    int[] pixels = new int[w * scale * w * scale];
    java.util.Arrays.fill(pixels, 0xffffffff);
    Matcher m = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg);
    while (m.find()) {
      int x = Integer.parseInt(m.group(1));
      int y = Integer.parseInt(m.group(2));
      for (int dy = 0; dy < scale; dy++) {
        for (int dx = 0; dx < scale; dx++) {
          pixels[(y * scale + dy) * w * scale + x * scale + dx] = 0xff000000;
        }
      }
    }
    var bitmap =
        new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w * scale, w * scale, pixels)));
    return new QRCodeReader().decode(bitmap).getText();
  }
}

package dev.jvino.nncf.statistics.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors codec against {@code dtypes.safetensors}, written by
 * {@code tools/fixtures/gen_nncf_statistics_cache.py} with the reference serializer's layout, and against
 * hostile files.
 */
class SafetensorsTest {
  static final Path DIR = Path.of("src/test/resources/statcache");

  @TempDir
  Path tmp;

  static Map<String, NdArray> dtypeTensors() {
    Map<String, NdArray> m = new LinkedHashMap<>();
    m.put("f32", NdArray.f32(new long[] {2, 2}, 1.5f, -2.25f, 3.0e-8f, 65504f));
    m.put("f64", NdArray.ofDoubles(new long[] {3}, new double[] {0.1, -1.0e300, 2.5}));
    m.put("f16", NdArray.f16(new long[] {4}, 0.5f, -1f, 65504f, 6.1035156e-05f));
    m.put("i64", NdArray.i64(new long[] {1, 2}, -(1L << 40), 7));
    m.put("i32", NdArray.i32(new long[] {3}, -5, Integer.MAX_VALUE, 0));
    m.put("scalar", NdArray.f32(new long[0], 4f));
    m.put("empty", NdArray.f32(new long[] {0, 3}));
    return m;
  }

  @Test
  void readsEveryDtypeWrittenByPythonExactly() {
    Map<String, NdArray> got = Safetensors.read(DIR.resolve("dtypes.safetensors"));
    Map<String, NdArray> want = dtypeTensors();
    assertEquals(want.keySet(), got.keySet());
    for (String k : want.keySet()) {
      assertEquals(want.get(k).type(), got.get(k).type(), k);
      assertArrayEquals(want.get(k).shape(), got.get(k).shape(), k);
      assertArrayEquals(want.get(k).toDoubleArray(), got.get(k).toDoubleArray(), k);
    }
    assertEquals(ElementType.F16, got.get("f16").type());
    assertEquals(-1.0e300, got.get("f64").getDouble(1));
    assertEquals(-(1L << 40), got.get("i64").getLong(0));
  }

  @Test
  void writesTheSameBytesAsTheReferenceLayout() throws IOException {
    byte[] python = Files.readAllBytes(DIR.resolve("dtypes.safetensors"));
    assertArrayEquals(python, Safetensors.encode(dtypeTensors()));
    // header: dtype order F64 > I64 ... larger first, then names; padded to 8 bytes
    long n = ByteBuffer.wrap(python).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, n % 8);
    String header = new String(python, 8, (int) n, StandardCharsets.UTF_8);
    assertTrue(header.startsWith("{\"i64\":{\"dtype\":\"I64\",\"shape\":[1,2],\"data_offsets\":[0,16]},\"f64\":"),
        header);
  }

  @Test
  void roundTripsThroughAFile() {
    Path f = tmp.resolve("t.safetensors");
    Safetensors.write(dtypeTensors(), f);
    Map<String, NdArray> back = Safetensors.read(f);
    dtypeTensors().forEach((k, v) -> assertArrayEquals(v.toDoubleArray(), back.get(k).toDoubleArray(), k));
  }

  private Path file(byte[] bytes) throws IOException {
    Path f = tmp.resolve("bad.safetensors");
    Files.write(f, bytes);
    return f;
  }

  private static byte[] withHeader(String json, byte[] data) {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h)
        .put(data).array();
  }

  private String fails(byte[] bytes) throws IOException {
    Path f = file(bytes);
    SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    return e.getMessage();
  }

  @Test
  void hostileFilesGiveTypedErrorsNamingTheFile() throws IOException {
    byte[] good = Safetensors.encode(Map.of("a", NdArray.f32(new long[] {2}, 1f, 2f)));
    assertTrue(fails(new byte[] {1, 2, 3}).contains("shorter than the 8-byte header length"));
    // truncated: header length says more than the file holds
    assertTrue(fails(java.util.Arrays.copyOf(good, 20)).contains("goes beyond the end of the file"));
    byte[] huge = good.clone();
    ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
    assertTrue(fails(huge).contains("exceeds 100000000"));
    byte[] negative = good.clone();
    ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -8L);
    assertTrue(fails(negative).contains("exceeds"));
    // data truncated: offsets beyond the data section
    assertTrue(fails(java.util.Arrays.copyOf(good, good.length - 4)).contains("tensors cover 8 data bytes but the file holds 4"));
    byte[] data8 = new byte[8];
    assertTrue(fails(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", data8))
        .contains("span 16 bytes but F32[2] needs 8"));
    assertTrue(fails(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", new byte[16]))
        .contains("starts at data offset 8, expected 0"));
    assertTrue(fails(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[8])).contains("without overlap"));
    assertTrue(fails(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", data8))
        .contains("tensors cover 4 data bytes but the file holds 8"));
    assertTrue(fails(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", data8))
        .contains("invalid data_offsets"));
    // wrong / unsupported dtype
    assertTrue(fails(withHeader("{\"a\":{\"dtype\":\"Q8\",\"shape\":[8],\"data_offsets\":[0,8]}}", data8))
        .contains("dtype Q8, which jvino does not support"));
    assertTrue(fails(withHeader("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[8],\"data_offsets\":[0,8]}}", data8))
        .contains("F8_E4M3"));
    // shapes: non-integer (JSON has no NaN: a float, a string, NaN as a bare word), negative, overflowing
    assertTrue(fails(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", data8))
        .contains("shape holds 2.0, not an integer"));
    assertTrue(fails(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[\"NaN\"],\"data_offsets\":[0,8]}}", data8))
        .contains("not an integer"));
    assertTrue(fails(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[NaN],\"data_offsets\":[0,8]}}", data8))
        .contains("not valid JSON"));
    assertTrue(fails(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", data8))
        .contains("negative dimension"));
    assertTrue(fails(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],"
        + "\"data_offsets\":[0,8]}}", data8)).contains("more elements than jvino supports"));
    assertTrue(fails(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],"
        + "\"data_offsets\":[0,8]}}", data8)).contains("not an integer"));
    // header syntax
    assertTrue(fails(withHeader("[1]     ", new byte[0])).contains("does not start with '{'"));
    assertTrue(fails(withHeader("{\"a\":", new byte[0])).contains("not valid JSON"));
    assertTrue(fails(withHeader("{\"a\":{\"dtype\":\"F32\"}}", new byte[0])).contains("exactly dtype, shape"));
    byte[] badUtf8 = withHeader("{\"a\":1}", new byte[0]);
    badUtf8[10] = (byte) 0xff;
    assertTrue(fails(badUtf8).contains("not valid UTF-8"));
    assertTrue(fails(withHeader("{\"__metadata__\":{\"k\":1}}", new byte[0])).contains("__metadata__"));
    // a deeply nested header is refused, not a stack overflow
    assertTrue(fails(withHeader("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", new byte[0]))
        .contains("nested deeper"));
  }

  @Test
  void metadataAndEmptyFilesAreAccepted() throws IOException {
    Map<String, NdArray> none = Safetensors.read(file(withHeader("{\"__metadata__\":{\"format\":\"np\"}}", new byte[0])));
    assertTrue(none.isEmpty());
    Map<String, NdArray> one = Safetensors.read(file(withHeader(
        "{\"b\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[0,4]}}  ", new byte[] {7, 0, 0, 0})));
    assertEquals(List.of("b"), List.copyOf(one.keySet()));
    assertEquals(7, one.get("b").getLong(0));
  }
}

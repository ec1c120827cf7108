package dev.jvino.nncf.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.nncf.GroupSizeFallbackMode;
import dev.jvino.nncf.testing.MiniJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Group-size fallback against the {@code group_size_adjust_fallback} table of index.json. */
class GroupSizeFallbackTest {

  @Test
  void adjustMatchesNncfTable() {
    List<Object> table = ReferenceVectors.list("group_size_adjust_fallback");
    assertTrue(table.size() >= 8);
    for (Object o : table) {
      Map<String, Object> row = MiniJson.obj(o);
      long[] shape = ReferenceVectors.longs(row.get("weight_shape"));
      int axis = ((Number) row.get("reduction_axis")).intValue();
      int requested = ((Number) row.get("requested_group_size")).intValue();
      int min = ((Number) row.get("min_adjusted_group_size")).intValue();
      GroupSizeFallback.Decision d =
          GroupSizeFallback.resolve(shape, axis, requested, GroupSizeFallbackMode.ADJUST, min);
      if ((Boolean) row.get("falls_back_to_backup_mode")) {
        assertInstanceOf(GroupSizeFallback.Backup.class, d, row.toString());
      } else {
        GroupSizeFallback.Use use = assertInstanceOf(GroupSizeFallback.Use.class, d, row.toString());
        assertEquals(((Number) row.get("result_group_size")).intValue(), use.groupSize(), row.toString());
        assertEquals(use.groupSize() != requested, use.adjusted());
      }
    }
  }

  @Test
  void errorAndIgnoreModes() {
    long[] shape = {128, 96};
    InvalidGroupSizeException e = assertThrows(InvalidGroupSizeException.class,
        () -> GroupSizeFallback.resolve(shape, 1, 64, GroupSizeFallbackMode.ERROR, 32));
    assertEquals("Channel size 96 should be divisible by size of group 64.", e.getMessage());
    assertEquals(96, e.channelSize());
    assertInstanceOf(GroupSizeFallback.Skip.class,
        GroupSizeFallback.resolve(shape, 1, 64, GroupSizeFallbackMode.IGNORE, 32));
    assertEquals(new GroupSizeFallback.Use(32, false),
        GroupSizeFallback.resolve(shape, 1, 32, GroupSizeFallbackMode.ERROR, 32));
    assertEquals(new GroupSizeFallback.Use(-1, false),
        GroupSizeFallback.resolve(shape, 1, -1, GroupSizeFallbackMode.ERROR, 32));
    // axis 0: channel 128 is divisible by 64
    assertEquals(new GroupSizeFallback.Use(64, false),
        GroupSizeFallback.resolve(shape, 0, 64, GroupSizeFallbackMode.ERROR, 32));
    assertThrows(IllegalArgumentException.class,
        () -> GroupSizeFallback.resolve(shape, 2, 32, GroupSizeFallbackMode.ADJUST, 32));
    assertThrows(IllegalArgumentException.class,
        () -> GroupSizeFallback.resolve(shape, 1, 0, GroupSizeFallbackMode.ADJUST, 32));
  }
}

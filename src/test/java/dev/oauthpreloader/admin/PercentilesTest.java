package dev.oauthpreloader.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Nearest-rank percentiles: always a value that was observed. */
@Tag("unit")
class PercentilesTest {

    @Test
    void one_to_a_hundred_gives_the_percentile_itself() {
        List<Long> values = new ArrayList<>(LongStream.rangeClosed(1, 100).boxed().toList());
        Collections.shuffle(values);
        assertEquals(new Percentiles(100, 50L, 90L, 99L), Percentiles.of(values));
    }

    @Test
    void five_values_put_p50_on_the_third_and_p90_and_p99_on_the_largest() {
        assertEquals(new Percentiles(5, 30L, 50L, 50L), Percentiles.of(List.of(50L, 10L, 40L, 20L, 30L)));
    }

    @Test
    void a_single_value_is_every_percentile() {
        assertEquals(new Percentiles(1, 7L, 7L, 7L), Percentiles.of(List.of(7L)));
    }

    @Test
    void stages_never_reached_are_left_out_and_no_data_gives_no_numbers() {
        assertEquals(new Percentiles(2, 1L, 3L, 3L), Percentiles.of(Arrays.asList(null, 3L, null, 1L)));
        assertEquals(Percentiles.EMPTY, Percentiles.of(Arrays.asList((Long) null)));
        assertEquals(Percentiles.EMPTY, Percentiles.of(List.of()));
    }
}

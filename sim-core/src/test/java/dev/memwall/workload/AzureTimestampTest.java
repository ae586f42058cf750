package dev.memwall.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class AzureTimestampTest {
    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

    @Test
    void fastPathAgreesWithJavaTimeOnRandomTimestamps() {
        SplittableRandom rnd = new SplittableRandom(11);
        DateTimeFormatter base = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
        for (int i = 0; i < 50_000; i++) {
            LocalDateTime t = EPOCH.plusSeconds(rnd.nextLong(2_000_000_000L)).plusNanos(rnd.nextInt(1_000_000_000));
            int digits = rnd.nextInt(10); // 0 = no fraction
            String text = t.format(base);
            if (digits > 0) {
                String nanos = String.format("%09d", t.getNano());
                text += "." + nanos.substring(0, digits);
            }
            LocalDateTime truncated = LocalDateTime.parse(text.replace(' ', 'T'));
            assertEquals(ChronoUnit.NANOS.between(EPOCH, truncated), AzureReader.fastEpochNs(text), text);
        }
    }

    @Test
    void leavesEverythingElseToTheFormatter() {
        for (String odd : new String[] {"2023-11-16T18:17:03", "2023-02-30 10:00:00", "2023-11-16 24:00:00",
            "2023-11-16 18:17:03.", "2023-11-16 18:17:03.1234567890", "2023-11-16 18:17", "yesterday"}) {
            assertEquals(Long.MIN_VALUE, AzureReader.fastEpochNs(odd), odd);
        }
    }
}

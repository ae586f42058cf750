package dev.memwall.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.memwall.input.InputException;
import org.junit.jupiter.api.Test;

class DTypeTest {
    @Test
    void bf16AndFp16TakeTwoBytesFp8AndInt8OneFloat32Four() {
        assertEquals(2, DType.BFLOAT16.bytesPerElement());
        assertEquals(2, DType.FLOAT16.bytesPerElement());
        assertEquals(1, DType.FP8.bytesPerElement());
        assertEquals(1, DType.INT8.bytesPerElement());
        assertEquals(4, DType.FLOAT32.bytesPerElement());
    }

    @Test
    void parseAcceptsCliNamesAndHfSpellings() {
        for (DType d : DType.values()) {
            assertEquals(d, DType.parse(d.cliName(), "--dtype"));
        }
        assertEquals(DType.BFLOAT16, DType.parse("bf16", "--dtype"));
        assertEquals(DType.FLOAT16, DType.parse("fp16", "--dtype"));
        assertEquals(DType.FLOAT16, DType.parse("half", "--dtype"));
        assertEquals(DType.FLOAT32, DType.parse("fp32", "--dtype"));
        assertEquals(DType.BFLOAT16, DType.parse("BFloat16", "--dtype"));
    }

    @Test
    void unknownDtypeIsAnErrorListingTheValidNames() {
        InputException e = assertThrows(InputException.class, () -> DType.parse("int4", "--dtype"));
        assertEquals("--dtype: unknown dtype 'int4' (expected one of: float16, bfloat16, float32,"
                + " fp8, int8)", e.getMessage());
    }
}

@testable import PgctlCore
import Testing

@Suite("pgctl config JSON output (Python json.dumps(indent=4, sort_keys=True))")
struct ConfigJSONOutputTests {
    @Test("nested layout, separators, sorted keys, empty containers")
    func layout() {
        let text = PythonJSONEncoder.encode([
            "b": .list([.string("x"), .int(1), .bool(true), .null]),
            "a": .mapping(["z": .double(2.5), "y": .mapping([:])]),
            "c": .list([]),
        ])
        #expect(text == """
            {
                "a": {
                    "y": {},
                    "z": 2.5
                },
                "b": [
                    "x",
                    1,
                    true,
                    null
                ],
                "c": []
            }
            """)
    }

    @Test("strings are escaped like ensure_ascii=True")
    func escaping() {
        #expect(PythonJSONEncoder.quoted("a\"b\\c\n\t\r\u{08}\u{0C}") == #""a\"b\\c\n\t\r\b\f""#)
        #expect(PythonJSONEncoder.quoted("é\u{01}\u{7F}") == #""\u00e9\u0001\u007f""#)
        #expect(PythonJSONEncoder.quoted("😀") == #""\ud83d\ude00""#)
    }

    @Test("floats print like Python's repr", arguments: [
        (2.0, "2.0"), (0.01, "0.01"), (1e16, "1e+16"), (1e15, "1000000000000000.0"), (0.0001, "0.0001"),
        (0.00001, "1e-05"), (-0.5, "-0.5"), (Double.nan, "NaN"), (Double.infinity, "Infinity"),
        (-Double.infinity, "-Infinity"), (1.0 / 3, "0.3333333333333333"),
    ])
    func floats(value: Double, expected: String) {
        #expect(PythonJSONEncoder.number(value) == expected)
    }

    @Test("keys sort by code point, so upper case comes before lower case and '_' between them")
    func keyOrder() {
        #expect(PythonJSONEncoder.encode(["b": .int(1), "_x": .int(2), "B": .int(3)], indent: 0)
                == "{\n\"B\": 3,\n\"_x\": 2,\n\"b\": 1\n}")
    }
}

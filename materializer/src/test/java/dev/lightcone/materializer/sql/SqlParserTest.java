package dev.lightcone.materializer.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlParserTest {

    private static Select select(String sql) {
        return assertInstanceOf(Select.class, SqlParser.parse(sql));
    }

    private static void fails(String sql, String message) {
        SqlParseException e = assertThrows(SqlParseException.class, () -> SqlParser.parse(sql));
        assertEquals(message, e.getMessage());
    }

    private static void subFails(String sql, String message) {
        SqlParseException e = assertThrows(SqlParseException.class, () -> SqlParser.parseSubscription(sql));
        assertEquals(message, e.getMessage());
    }

    @Test
    void selectStarWithWhere() {
        Select s = select("select * FROM person WHERE age > 5 AND name = 'A''s'");
        assertEquals(new Star(), s.projection());
        assertEquals(new TableRef("person", "person"), s.from());
        assertEquals(Optional.of(new And(
                new Comparison(ColumnRef.of(null, "age"), CompareOp.GT, new NumberLiteral("5")),
                new Comparison(ColumnRef.of(null, "name"), CompareOp.EQ, new StringLiteral("A's")))), s.where());
    }

    @Test
    void orBindsLooserThanAndAndParenthesesGroup() {
        Select s = select("SELECT * FROM t WHERE a = 1 OR b = 2 AND (c = 3 OR d <> 4)");
        Expr expected = new Or(
                new Comparison(ColumnRef.of(null, "a"), CompareOp.EQ, new NumberLiteral("1")),
                new And(new Comparison(ColumnRef.of(null, "b"), CompareOp.EQ, new NumberLiteral("2")),
                        new Or(new Comparison(ColumnRef.of(null, "c"), CompareOp.EQ, new NumberLiteral("3")),
                                new Comparison(ColumnRef.of(null, "d"), CompareOp.NE, new NumberLiteral("4")))));
        assertEquals(Optional.of(expected), s.where());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x = 1|EQ", "x != 1|NE", "x <> 1|NE", "x < 1|LT", "x <= 1|LE", "x > 1|GT", "x >= 1|GE"})
    void comparisonOperators(String cond, CompareOp op) {
        Comparison c = (Comparison) select("SELECT * FROM t WHERE " + cond).where().orElseThrow();
        assertEquals(op, c.op());
    }

    @Test
    void literals() {
        assertEquals(new NumberLiteral("-12"), literal("-12"));
        assertEquals(new NumberLiteral("12"), literal("+12"));
        assertEquals(new NumberLiteral("1e3"), literal("1e3"));
        assertEquals(new NumberLiteral("1.5E-2"), literal("1.5E-2"));
        assertEquals(new NumberLiteral(".5"), literal(".5"));
        assertEquals(new HexLiteral("00ff"), literal("X'00ff'"));
        assertEquals(new HexLiteral("ABCD"), literal("0xABCD"));
        assertEquals(new BoolLiteral(true), literal("TRUE"));
        assertEquals(new BoolLiteral(false), literal("false"));
        assertEquals(new SenderParam(), literal(":sender"));
        assertEquals(new StringLiteral(""), literal("''"));
    }

    private static Expr literal(String text) {
        return ((Comparison) select("SELECT * FROM t WHERE x = " + text).where().orElseThrow()).right();
    }

    @Test
    void quotedIdentifiersAndCaseSensitivity() {
        Select s = select("SELECT * FROM \"Select\" AS \"my \"\"t\"\"\" WHERE \"my \"\"t\"\"\".\"Age\" = 1");
        assertEquals(new TableRef("Select", "my \"t\""), s.from());
        assertEquals(ColumnRef.of("my \"t\"", "Age"), ((Comparison) s.where().orElseThrow()).left());
    }

    @Test
    void joinWithAliases() {
        Select s = select("SELECT a.* FROM person a INNER JOIN pet AS b ON a.id = b.owner_id WHERE b.kind = 'cat'");
        assertEquals(new QualifiedStar("a"), s.projection());
        assertEquals(List.of(new Join(new TableRef("pet", "b"), ColumnRef.of("a", "id"), ColumnRef.of("b", "owner_id"))),
                s.joins());
    }

    @Test
    void sqlRouteProjectionsCountAndLimit() {
        Select s = select("SELECT p.name, p.age AS years FROM person p JOIN pet q ON p.id = q.owner_id LIMIT 10;");
        assertEquals(new ColumnList(List.of(new ProjectedColumn(ColumnRef.of("p", "name"), Optional.empty()),
                new ProjectedColumn(ColumnRef.of("p", "age"), Optional.of("years")))), s.projection());
        assertEquals(OptionalLong.of(10), s.limit());
        assertEquals(new CountStar("n"), select("SELECT COUNT(*) AS n FROM person").projection());
        assertEquals(new CountStar("n"), select("select count(*) n from person").projection());
    }

    @Test
    void selectAllTables() {
        assertEquals(new SelectAllTables(), SqlParser.parseSubscription("select * from *"));
    }

    @Test
    void dml() {
        assertEquals(new Insert("t", List.of("a", "b"), List.of(List.of(new NumberLiteral("1"), new StringLiteral("x")),
                List.of(new NumberLiteral("2"), new SenderParam()))),
                SqlParser.parse("INSERT INTO t (a, b) VALUES (1, 'x'), (2, :sender)"));
        assertEquals(new Insert("t", List.of(), List.of(List.of(new BoolLiteral(true)))),
                SqlParser.parse("insert into t values (true)"));
        assertEquals(new Update("t", List.of(new Assignment("a", new NumberLiteral("1")),
                new Assignment("b", new StringLiteral("y"))),
                Optional.of(new Comparison(ColumnRef.of(null, "id"), CompareOp.EQ, new NumberLiteral("3")))),
                SqlParser.parse("UPDATE t SET a = 1, b = 'y' WHERE id = 3"));
        assertEquals(new Delete("t", Optional.empty()), SqlParser.parse("DELETE FROM t"));
        assertTrue(SqlParser.parse("DELETE FROM t WHERE x = 1").isDml());
        assertTrue(!SqlParser.parse("SELECT * FROM t").isDml());
    }

    @Test
    void commentsAreSkipped() {
        select("SELECT * -- all\nFROM t /* here */ WHERE x = 1");
    }

    @Test
    void statementErrors() {
        fails("", "Empty SQL query");
        fails("  ;  ", "Empty SQL query");
        fails("SELECT * FROM t; SELECT * FROM u", "Multiple SQL statements are not supported");
        fails("SELECT * FROM a, b", "Implicit joins are not supported");
        fails("SELECT * FROM a LEFT JOIN b ON a.x = b.y", "Non-inner joins are not supported");
        fails("SELECT * FROM a FULL OUTER JOIN b ON a.x = b.y", "Non-inner joins are not supported");
        fails("SELECT * FROM a CROSS JOIN b", "Non-inner joins are not supported");
        fails("SELECT COUNT(*) FROM t", "Aggregate expressions must have column aliases");
        fails("SELECT * FROM a JOIN b ON x = y", "Names must be qualified when using joins");
        fails("SELECT * FROM a JOIN b ON a.x > b.y", "Non-column join constraints are not supported");
        fails("SELECT *, x FROM t", "Mixed wildcard projections are not supported");
        fails("SELECT DISTINCT x FROM t", "Unsupported: DISTINCT");
        fails("SELECT * FROM t ORDER BY x", "Unsupported: ORDER");
        fails("SELECT * FROM t WHERE NOT x = 1", "Unsupported: NOT");
        fails("SELECT * FROM t WHERE x + 1 = 2", "Unsupported binary operator: +");
        fails("SELECT SUM(x) AS s FROM t", "Unsupported aggregate function: SUM(...)");
        fails("SELECT x", "A FROM clause is required");
        fails("SELECT * FROM t WHERE x = :other", "Unsupported parameter: :other (only :sender is supported)");
        fails("SELECT * FROM t WHERE x = 'abc", "Unterminated string literal at position 26");
        fails("SELECT * FROM t LIMIT x", "Unsupported LIMIT expression: x");
        fails("SET row_limit = 5", "Unsupported: SET statements");
    }

    @Test
    void subscriptionErrors() {
        subFails("SELECT name FROM person",
                "Column projections are not supported in subscriptions; Subscriptions must return a table type");
        subFails("SELECT COUNT(*) AS n FROM person",
                "Column projections are not supported in subscriptions; Subscriptions must return a table type");
        subFails("SELECT * FROM a JOIN b ON a.x = b.y", "SELECT * is not supported for joins");
        subFails("SELECT a.* FROM a JOIN b ON a.x = b.y JOIN c ON b.y = c.z", "Invalid number of tables in subscription: 3");
        subFails("SELECT * FROM t LIMIT 5", "Unsupported SELECT: LIMIT is not supported in subscriptions");
        subFails("DELETE FROM t", "Unsupported: Non-SELECT queries");
        subFails("INSERT INTO t VALUES (1)", "Unsupported: Non-SELECT queries");
        subFails("SELECT * FROM t; SELECT * FROM u", "Multiple SQL statements are not supported");
        subFails("", "Empty SQL query");
    }

    @Test
    void tooLong() {
        String sql = "SELECT * FROM t WHERE x = '" + "a".repeat(SqlParser.MAX_LENGTH) + "'";
        assertTrue(assertThrows(SqlParseException.class, () -> SqlParser.parse(sql)).getMessage()
                .startsWith("SQL query exceeds maximum allowed length: "));
    }
}

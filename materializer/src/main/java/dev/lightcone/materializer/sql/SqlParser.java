package dev.lightcone.materializer.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses the SQL subset. {@link #parse} accepts one statement of the SQL endpoint's language;
 * {@link #parseSubscription} additionally applies the syntactic rules of subscriptions
 * (semantics.md §5.1). Keywords are case-insensitive, identifiers case-sensitive.
 *
 * <p>Why it is this long: a recursive-descent parser keeps one method per grammar rule, and the grammar
 * reads best in one file.
 */
public final class SqlParser {
    /** The longest SQL text accepted, in UTF-16 characters (upstream: 50,000 bytes). */
    public static final int MAX_LENGTH = 50_000;

    private final List<Token> tokens;
    private int at;

    private SqlParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses exactly one statement (a trailing {@code ;} is allowed). */
    public static Statement parse(String sql) {
        if (sql.length() > MAX_LENGTH) {
            throw new SqlParseException("SQL query exceeds maximum allowed length: " + sql.length() + " > "
                    + MAX_LENGTH + ": \"" + sql.substring(0, 120) + "...\"");
        }
        List<Token> all = Lexer.tokenize(sql);
        List<List<Token>> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token t : all) {
            if (t.kind() == TokenKind.SEMICOLON || t.kind() == TokenKind.EOF) {
                if (!current.isEmpty()) {
                    current.add(new Token(TokenKind.EOF, "", t.position()));
                    statements.add(current);
                    current = new ArrayList<>();
                }
            } else {
                current.add(t);
            }
        }
        if (statements.isEmpty()) {
            throw new SqlParseException("Empty SQL query");
        }
        if (statements.size() > 1) {
            throw new SqlParseException("Multiple SQL statements are not supported");
        }
        return new SqlParser(statements.get(0)).statement();
    }

    /**
     * Parses a subscription query: a plain {@code SELECT * | alias.*} over at most two relations,
     * without LIMIT, or {@code SELECT * FROM *}.
     */
    public static Statement parseSubscription(String sql) {
        Statement st = parse(sql);
        if (st instanceof SelectAllTables) {
            return st;
        }
        if (!(st instanceof Select s)) {
            throw new SqlParseException("Unsupported: Non-SELECT queries");
        }
        if (s.projection() instanceof ColumnList || s.projection() instanceof CountStar) {
            throw new SqlParseException(
                    "Column projections are not supported in subscriptions; Subscriptions must return a table type");
        }
        if (s.relationCount() > 2) {
            throw new SqlParseException("Invalid number of tables in subscription: " + s.relationCount());
        }
        if (s.limit().isPresent()) {
            throw new SqlParseException("Unsupported SELECT: LIMIT is not supported in subscriptions");
        }
        if (s.projection() instanceof Star && !s.joins().isEmpty()) {
            throw new SqlParseException("SELECT * is not supported for joins");
        }
        return s;
    }

    // ---------------------------------------------------------------- statements

    private Statement statement() {
        Token t = peek();
        Statement st;
        if (t.isKeyword("SELECT")) {
            st = select();
        } else if (t.isKeyword("INSERT")) {
            st = insert();
        } else if (t.isKeyword("UPDATE")) {
            st = update();
        } else if (t.isKeyword("DELETE")) {
            st = delete();
        } else if (t.isKeyword("SET") || t.isKeyword("SHOW")) {
            throw unsupported(t.text().toUpperCase(java.util.Locale.ROOT) + " statements");
        } else if (t.isKeyword("WITH")) {
            throw unsupported("WITH");
        } else {
            throw new SqlParseException("Expected a statement, found " + t.describe(), t.position());
        }
        Token end = peek();
        if (end.kind() != TokenKind.EOF) {
            throw trailing(end);
        }
        return st;
    }

    private Statement select() {
        expectKeyword("SELECT");
        if (peek().isKeyword("DISTINCT")) {
            throw unsupported("DISTINCT");
        }
        Projection projection = projection();
        if (!peek().isKeyword("FROM")) {
            throw new SqlParseException("A FROM clause is required", peek().position());
        }
        next();
        if (peek().kind() == TokenKind.STAR) {
            next();
            if (!(projection instanceof Star)) {
                throw new SqlParseException("SELECT * FROM * requires SELECT *", peek().position());
            }
            if (peek().kind() != TokenKind.EOF) {
                throw trailing(peek());
            }
            return new SelectAllTables();
        }
        if (peek().kind() == TokenKind.LPAREN) {
            throw unsupported("subqueries");
        }
        TableRef from = tableRef();
        List<Join> joins = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == TokenKind.COMMA) {
                throw new SqlParseException("Implicit joins are not supported", t.position());
            }
            if (t.isKeyword("LEFT") || t.isKeyword("RIGHT") || t.isKeyword("FULL") || t.isKeyword("OUTER")
                    || t.isKeyword("CROSS") || t.isKeyword("NATURAL")) {
                throw new SqlParseException("Non-inner joins are not supported", t.position());
            }
            if (t.isKeyword("INNER")) {
                next();
                if (!peek().isKeyword("JOIN")) {
                    throw expected("JOIN");
                }
            }
            if (!peek().isKeyword("JOIN")) {
                break;
            }
            next();
            joins.add(join());
        }
        Optional<Expr> where = Optional.empty();
        if (peek().isKeyword("WHERE")) {
            next();
            where = Optional.of(predicate());
        }
        OptionalLong limit = OptionalLong.empty();
        while (peek().kind() != TokenKind.EOF) {
            Token t = peek();
            if (t.isKeyword("LIMIT") && limit.isEmpty()) {
                next();
                limit = OptionalLong.of(limitValue());
            } else if (t.isKeyword("ORDER") || t.isKeyword("GROUP") || t.isKeyword("HAVING") || t.isKeyword("OFFSET")
                    || t.isKeyword("UNION") || t.isKeyword("EXCEPT") || t.isKeyword("INTERSECT")) {
                throw unsupported(t.text().toUpperCase(java.util.Locale.ROOT));
            } else {
                throw trailing(t);
            }
        }
        return new Select(projection, from, joins, where, limit);
    }

    private long limitValue() {
        Token t = next();
        if (t.kind() != TokenKind.NUMBER || !t.text().chars().allMatch(Character::isDigit)) {
            throw new SqlParseException("Unsupported LIMIT expression: " + t.describe(), t.position());
        }
        try {
            return Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            throw new SqlParseException("Unsupported LIMIT expression: " + t.text(), t.position());
        }
    }

    private Projection projection() {
        Token t = peek();
        if (t.kind() == TokenKind.STAR) {
            next();
            if (peek().kind() == TokenKind.COMMA) {
                throw new SqlParseException("Mixed wildcard projections are not supported", peek().position());
            }
            return new Star();
        }
        if (isName(t) && peek(1).kind() == TokenKind.DOT && peek(2).kind() == TokenKind.STAR) {
            String alias = name();
            next();
            next();
            if (peek().kind() == TokenKind.COMMA) {
                throw new SqlParseException("Mixed wildcard projections are not supported", peek().position());
            }
            return new QualifiedStar(alias);
        }
        if (t.kind() == TokenKind.IDENT && peek(1).kind() == TokenKind.LPAREN) {
            return aggregate();
        }
        List<ProjectedColumn> cols = new ArrayList<>();
        do {
            if (!cols.isEmpty()) {
                next();
            }
            Token c = peek();
            if (c.kind() == TokenKind.STAR || (isName(c) && peek(1).kind() == TokenKind.DOT
                    && peek(2).kind() == TokenKind.STAR)) {
                throw new SqlParseException("Mixed wildcard projections are not supported", c.position());
            }
            if (c.kind() == TokenKind.IDENT && peek(1).kind() == TokenKind.LPAREN) {
                throw new SqlParseException("Unsupported projection: " + c.text() + "(...)", c.position());
            }
            if (!isName(c)) {
                throw new SqlParseException("Unsupported projection expression: " + c.describe(), c.position());
            }
            ColumnRef col = columnRef();
            cols.add(new ProjectedColumn(col, optionalAlias()));
        } while (peek().kind() == TokenKind.COMMA);
        return new ColumnList(cols);
    }

    private Projection aggregate() {
        Token fn = next();
        if (!fn.text().equalsIgnoreCase("COUNT")) {
            throw new SqlParseException("Unsupported aggregate function: " + fn.text() + "(...)", fn.position());
        }
        next();
        if (peek().kind() != TokenKind.STAR || peek(1).kind() != TokenKind.RPAREN) {
            throw new SqlParseException("Unsupported aggregate function: COUNT(...); only COUNT(*) is supported",
                    fn.position());
        }
        next();
        next();
        Optional<String> alias = optionalAlias();
        if (alias.isEmpty()) {
            throw new SqlParseException("Aggregate expressions must have column aliases", fn.position());
        }
        if (peek().kind() == TokenKind.COMMA) {
            throw new SqlParseException("Unsupported projection: COUNT(*) with other columns", peek().position());
        }
        return new CountStar(alias.get());
    }

    private Optional<String> optionalAlias() {
        if (peek().isKeyword("AS")) {
            next();
            return Optional.of(name());
        }
        if (isName(peek())) {
            return Optional.of(name());
        }
        return Optional.empty();
    }

    private TableRef tableRef() {
        String table = name();
        if (peek().kind() == TokenKind.DOT) {
            throw new SqlParseException("Multi-part names are not supported: " + table + "." + peek(1).text(),
                    peek().position());
        }
        return new TableRef(table, optionalAlias().orElse(table));
    }

    private Join join() {
        TableRef table = tableRef();
        if (!peek().isKeyword("ON")) {
            if (peek().isKeyword("USING")) {
                throw new SqlParseException("Non-column join constraints are not supported", peek().position());
            }
            throw expected("ON");
        }
        next();
        int pos = peek().position();
        Expr on = predicate();
        if (!(on instanceof Comparison c) || c.op() != CompareOp.EQ || !(c.left() instanceof ColumnRef l)
                || !(c.right() instanceof ColumnRef r)) {
            throw new SqlParseException("Non-column join constraints are not supported", pos);
        }
        if (l.qualifier().isEmpty() || r.qualifier().isEmpty()) {
            throw new SqlParseException("Names must be qualified when using joins", pos);
        }
        return new Join(table, l, r);
    }

    private Statement insert() {
        expectKeyword("INSERT");
        expectKeyword("INTO");
        String table = name();
        List<String> columns = new ArrayList<>();
        if (peek().kind() == TokenKind.LPAREN) {
            next();
            do {
                if (!columns.isEmpty()) {
                    next();
                }
                columns.add(name());
            } while (peek().kind() == TokenKind.COMMA);
            expect(TokenKind.RPAREN, ")");
        }
        if (peek().isKeyword("SELECT")) {
            throw unsupported("INSERT ... SELECT");
        }
        expectKeyword("VALUES");
        List<List<Expr>> rows = new ArrayList<>();
        do {
            if (!rows.isEmpty()) {
                next();
            }
            expect(TokenKind.LPAREN, "(");
            List<Expr> row = new ArrayList<>();
            do {
                if (!row.isEmpty()) {
                    next();
                }
                row.add(value("INSERT value"));
            } while (peek().kind() == TokenKind.COMMA);
            expect(TokenKind.RPAREN, ")");
            rows.add(row);
        } while (peek().kind() == TokenKind.COMMA);
        return new Insert(table, columns, rows);
    }

    private Statement update() {
        expectKeyword("UPDATE");
        String table = name();
        if (isName(peek()) || peek().isKeyword("AS")) {
            throw unsupported("aliases in UPDATE");
        }
        expectKeyword("SET");
        List<Assignment> set = new ArrayList<>();
        do {
            if (!set.isEmpty()) {
                next();
            }
            String col = name();
            if (peek().kind() == TokenKind.DOT) {
                throw new SqlParseException("Unsupported column/variable assignment expression: " + col + ".",
                        peek().position());
            }
            expect(TokenKind.EQ, "=");
            set.add(new Assignment(col, value("column/variable assignment expression")));
        } while (peek().kind() == TokenKind.COMMA);
        Optional<Expr> where = Optional.empty();
        if (peek().isKeyword("WHERE")) {
            next();
            where = Optional.of(predicate());
        }
        return new Update(table, set, where);
    }

    private Statement delete() {
        expectKeyword("DELETE");
        expectKeyword("FROM");
        String table = name();
        if (peek().kind() == TokenKind.COMMA || peek().isKeyword("JOIN") || peek().isKeyword("USING")) {
            throw new SqlParseException("Multi-table DELETE is not supported", peek().position());
        }
        Optional<Expr> where = Optional.empty();
        if (peek().isKeyword("WHERE")) {
            next();
            where = Optional.of(predicate());
        }
        return new Delete(table, where);
    }

    // ---------------------------------------------------------------- expressions

    private Expr predicate() {
        Expr left = conjunction();
        while (peek().isKeyword("OR")) {
            next();
            left = new Or(left, conjunction());
        }
        return left;
    }

    private Expr conjunction() {
        Expr left = comparison();
        while (peek().isKeyword("AND")) {
            next();
            left = new And(left, comparison());
        }
        return left;
    }

    private Expr comparison() {
        if (peek().isKeyword("NOT")) {
            throw unsupported("NOT");
        }
        if (peek().kind() == TokenKind.LPAREN) {
            next();
            Expr inner = predicate();
            expect(TokenKind.RPAREN, ")");
            return maybeCompare(inner);
        }
        return maybeCompare(operand());
    }

    private Expr maybeCompare(Expr left) {
        Token t = peek();
        CompareOp op = switch (t.kind()) {
            case EQ -> CompareOp.EQ;
            case NE -> CompareOp.NE;
            case LT -> CompareOp.LT;
            case LE -> CompareOp.LE;
            case GT -> CompareOp.GT;
            case GE -> CompareOp.GE;
            case PLUS, MINUS, STAR, SLASH, PERCENT -> throw new SqlParseException(
                    "Unsupported binary operator: " + t.text(), t.position());
            default -> null;
        };
        if (op == null) {
            if (t.isKeyword("IS") || t.isKeyword("IN") || t.isKeyword("LIKE") || t.isKeyword("BETWEEN")) {
                throw unsupported(t.text().toUpperCase(java.util.Locale.ROOT));
            }
            return left;
        }
        next();
        Expr right;
        if (peek().kind() == TokenKind.LPAREN) {
            next();
            right = predicate();
            expect(TokenKind.RPAREN, ")");
        } else {
            right = operand();
        }
        Token after = peek();
        if (after.kind() == TokenKind.PLUS || after.kind() == TokenKind.MINUS || after.kind() == TokenKind.STAR
                || after.kind() == TokenKind.SLASH || after.kind() == TokenKind.PERCENT) {
            throw new SqlParseException("Unsupported binary operator: " + after.text(), after.position());
        }
        return new Comparison(left, op, right);
    }

    private Expr operand() {
        Token t = peek();
        if (t.kind() == TokenKind.IDENT && peek(1).kind() == TokenKind.LPAREN) {
            throw new SqlParseException("Unsupported expression: " + t.text() + "(...)", t.position());
        }
        if (isName(t)) {
            return columnRef();
        }
        return value("expression");
    }

    /** A literal or {@code :sender}. */
    private Expr value(String what) {
        Token t = next();
        switch (t.kind()) {
            case NUMBER:
                return new NumberLiteral(t.text());
            case PLUS:
            case MINUS:
                Token n = next();
                if (n.kind() != TokenKind.NUMBER) {
                    throw new SqlParseException("Unsupported " + what + ": " + t.text() + n.describe(), t.position());
                }
                return new NumberLiteral(t.kind() == TokenKind.MINUS ? "-" + n.text() : n.text());
            case STRING:
                return new StringLiteral(t.text());
            case HEX:
                return new HexLiteral(t.text());
            case PARAM:
                if (!t.text().equals("sender")) {
                    throw new SqlParseException("Unsupported parameter: :" + t.text()
                            + " (only :sender is supported)", t.position());
                }
                return new SenderParam();
            case IDENT:
                if (t.isKeyword("TRUE")) {
                    return new BoolLiteral(true);
                }
                if (t.isKeyword("FALSE")) {
                    return new BoolLiteral(false);
                }
                if (t.isKeyword("NULL")) {
                    throw new SqlParseException("Unsupported literal expression: NULL", t.position());
                }
                break;
            default:
                break;
        }
        throw new SqlParseException("Unsupported " + what + ": " + t.describe(), t.position());
    }

    private ColumnRef columnRef() {
        String first = name();
        if (peek().kind() == TokenKind.DOT) {
            next();
            String second = name();
            if (peek().kind() == TokenKind.DOT) {
                throw new SqlParseException("Multi-part names are not supported: " + first + "." + second + ".",
                        peek().position());
            }
            return ColumnRef.of(first, second);
        }
        return ColumnRef.of(null, first);
    }

    // ---------------------------------------------------------------- tokens

    private static boolean isName(Token t) {
        return t.kind() == TokenKind.QUOTED_IDENT || (t.kind() == TokenKind.IDENT && !Keywords.isReserved(t.text()));
    }

    private String name() {
        Token t = peek();
        if (!isName(t)) {
            throw new SqlParseException("Expected an identifier, found " + t.describe(), t.position());
        }
        next();
        return t.text();
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != TokenKind.EOF) {
            at++;
        }
        return t;
    }

    private void expectKeyword(String keyword) {
        if (!peek().isKeyword(keyword)) {
            throw expected(keyword);
        }
        next();
    }

    private void expect(TokenKind kind, String what) {
        if (peek().kind() != kind) {
            throw expected(what);
        }
        next();
    }

    private SqlParseException expected(String what) {
        return new SqlParseException("Expected " + what + ", found " + peek().describe(), peek().position());
    }

    private SqlParseException trailing(Token t) {
        return new SqlParseException("Unexpected " + t.describe() + " at position " + t.position(), t.position());
    }

    private SqlParseException unsupported(String feature) {
        return new SqlParseException("Unsupported: " + feature, peek().position());
    }
}

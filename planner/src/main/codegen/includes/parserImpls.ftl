<#--
  sqlscore grammar extensions, included into Calcite's Parser.jj template.
-->

/** Parses a model reference: name, name@version or name@alias. */
SqlModelRef ModelRef() :
{
    final SqlIdentifier name;
    final Span s;
    String qualifier = null;
    SqlIdentifier alias;
}
{
    name = SimpleIdentifier() { s = span(); }
    [
        <AT_SIGN>
        (
            <UNSIGNED_INTEGER_LITERAL> { qualifier = token.image; }
        |
            alias = SimpleIdentifier() { qualifier = alias.getSimple(); }
        )
    ]
    {
        return new SqlModelRef(s.end(this), name.getSimple(), qualifier);
    }
}

/**
 * CREATE MODEL name FROM 'path' [WITH (key = value, ...)]
 * | CREATE MODEL name USING kind [(key = value, ...)] AS query [WITH (key = value, ...)]
 */
SqlNode SqlCreateModel() :
{
    final Span s;
    final SqlIdentifier name;
    final SqlNode source;
    final SqlIdentifier kind;
    SqlNodeList hyperparameters = SqlNodeList.EMPTY;
    final SqlNode query;
    SqlNodeList optionList = SqlNodeList.EMPTY;
}
{
    <CREATE> { s = span(); } <MODEL>
    name = SimpleIdentifier()
    (
        <FROM> source = StringLiteral()
        [ <WITH> optionList = ModelOptionList() ]
        {
            return new SqlCreateModel(s.end(this), name, source, optionList);
        }
    |
        <USING> kind = SimpleIdentifier()
        [ hyperparameters = ModelOptionList() ]
        <AS> query = TrainingQueryText()
        [ <WITH> optionList = ModelOptionList() ]
        {
            return new SqlTrainModel(s.end(this), name, kind, hyperparameters, query, optionList);
        }
    )
}

/**
 * The query of CREATE MODEL ... AS, kept as written (DuckDB runs it, so it may use DuckDB-only
 * syntax): its tokens up to a top-level "WITH (" (the training options) or the end.
 */
JAVACODE SqlNode TrainingQueryText() {
    final Token first = getToken(1);
    Token last = null;
    int depth = 0;
    while (true) {
        final Token next = getToken(1);
        if (next.kind == EOF || (depth == 0 && next.kind == SEMICOLON)) {
            break;
        }
        if (depth == 0 && next.kind == WITH && getToken(2).kind == LPAREN) {
            break;
        }
        if (next.kind == LPAREN) {
            depth++;
        } else if (next.kind == RPAREN) {
            if (depth == 0) {
                break;
            }
            depth--;
        }
        last = getNextToken();
    }
    if (last == null) {
        throw new ParseException("CREATE MODEL ... USING ... AS needs a query after AS, such as"
            + " AS SELECT age, plan, churned FROM customers");
    }
    final SqlParserPos pos = new SqlParserPos(first.beginLine, first.beginColumn, last.endLine, last.endColumn);
    return SqlLiteral.createCharString(SourceText.slice(getOriginalSql(), pos), pos);
}

SqlNodeList ModelOptionList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <LPAREN> { s = span(); }
    ModelOption(list)
    ( <COMMA> ModelOption(list) )*
    <RPAREN>
    {
        return new SqlNodeList(list, s.end(this));
    }
}

void ModelOption(List<SqlNode> list) :
{
    final SqlIdentifier key;
    final SqlNode value;
}
{
    key = SimpleIdentifier() <EQ>
    (
        value = Literal()
    |
        value = ModelOptionListValue()
    )
    {
        list.add(key);
        list.add(value);
    }
}

/** A bracketed list of numbers as an option value, e.g. attn_dims = [32, 32]; kept as its text. */
SqlNode ModelOptionListValue() :
{
    final Span s;
    final StringBuilder text = new StringBuilder("[");
    SqlNode item;
}
{
    <LBRACKET> { s = span(); }
    item = NumericLiteral() { text.append(((SqlLiteral) item).toValue()); }
    (
        <COMMA> item = NumericLiteral() { text.append(", ").append(((SqlLiteral) item).toValue()); }
    )*
    <RBRACKET>
    {
        return SqlLiteral.createCharString(text.append("]").toString(), s.end(this));
    }
}

/** EXPORT MODEL name[@version|@alias] TO 'path' */
SqlNode SqlExportModel() :
{
    final Span s;
    final SqlModelRef ref;
    final SqlNode target;
}
{
    <EXPORT> { s = span(); } <MODEL>
    ref = ModelRef()
    <TO> target = StringLiteral()
    {
        return new SqlExportModel(s.end(this), ref, target);
    }
}

/** ALTER MODEL name SET ALIAS alias = version | ALTER MODEL name DROP ALIAS alias */
SqlNode SqlAlterModel() :
{
    final Span s;
    final SqlIdentifier name;
    final SqlIdentifier alias;
    final SqlNode version;
}
{
    <ALTER> { s = span(); } <MODEL>
    name = SimpleIdentifier()
    (
        <SET> <ALIAS> alias = SimpleIdentifier() <EQ> version = UnsignedNumericLiteral()
        {
            return new SqlAlterModelAlias(s.end(this), name, alias, version);
        }
    |
        <DROP> <ALIAS> alias = SimpleIdentifier()
        {
            return new SqlAlterModelAlias(s.end(this), name, alias, null);
        }
    )
}

/** DROP MODEL [IF EXISTS] name [VERSION n] */
SqlNode SqlDropModel() :
{
    final Span s;
    boolean ifExists = false;
    final SqlIdentifier name;
    SqlNode version = null;
}
{
    <DROP> { s = span(); } <MODEL>
    [ LOOKAHEAD(2) <IF> <EXISTS> { ifExists = true; } ]
    name = SimpleIdentifier()
    [ <VERSION> version = UnsignedNumericLiteral() ]
    {
        return new SqlDropModel(s.end(this), ifExists, name, version);
    }
}

/** SHOW MODELS */
SqlNode SqlShowModels() :
{
    final Span s;
}
{
    <SHOW> { s = span(); } <MODELS>
    {
        return new SqlShowModels(s.end(this));
    }
}

/** DESCRIBE MODEL name[@version|@alias] */
SqlNode SqlDescribeModel() :
{
    final Span s;
    final SqlModelRef ref;
}
{
    <DESCRIBE> { s = span(); } <MODEL>
    ref = ModelRef()
    {
        return new SqlDescribeModel(s.end(this), ref);
    }
}

/** EXPLAIN MODEL name[@version|@alias] ON (query) [AS name] */
SqlNode SqlExplainModel() :
{
    final Span s;
    final SqlModelRef ref;
    final SqlNode query;
    SqlIdentifier saveAs = null;
}
{
    <EXPLAIN> { s = span(); } <MODEL>
    ref = ModelRef()
    <ON> <LPAREN> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) <RPAREN>
    [ <AS> saveAs = SimpleIdentifier() ]
    {
        return new SqlExplainModel(s.end(this), ref, query, saveAs);
    }
}

/** CREATE [OR REPLACE] [TEMP | TEMPORARY] TABLE [IF NOT EXISTS] name AS query */
SqlNode SqlCreateTableAs() :
{
    final Span s;
    boolean replace = false;
    boolean temporary = false;
    boolean ifNotExists = false;
    final SqlIdentifier name;
    final SqlNode query;
}
{
    <CREATE> { s = span(); }
    [ <OR> <REPLACE> { replace = true; } ]
    [ ( <TEMP> | <TEMPORARY> ) { temporary = true; } ]
    <TABLE>
    [ LOOKAHEAD(3) <IF> <NOT> <EXISTS> { ifNotExists = true; } ]
    name = CompoundIdentifier()
    <AS>
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    {
        return new SqlCreateTableAs(s.end(this), replace, temporary, ifNotExists, name, query);
    }
}

/** Parses the infix "::" cast of PostgreSQL and DuckDB. */
void InfixCast(List<Object> list, ExprContext exprContext, Span s) :
{
    final SqlDataTypeSpec dt;
}
{
    <INFIX_CAST> {
        checkNonQueryExpression(exprContext);
    }
    dt = DataType() {
        list.add(
            new SqlParserUtil.ToTreeListItem(SqlLibraryOperators.INFIX_CAST,
                s.pos()));
        list.add(dt);
    }
}

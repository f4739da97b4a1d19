//! How grammar rules are named in error messages (see `message.rs` for the messages).
//!
//! The mapping is exhaustive on purpose (no `_` arm): adding a grammar rule does not compile
//! until someone decides how users will read it.

use super::Rule;

/// What a rule is called in "expected …" messages.
pub(super) fn describe(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "文件结尾",
        Rule::WHITESPACE => "空白",
        Rule::COMMENT => "注释",
        Rule::file => "`template`",
        Rule::template => "`template`",
        Rule::template_item => "模板内容",
        Rule::issued => "`issued`",
        Rule::signature => "`signature`",
        Rule::subtotal => "`subtotal`",
        Rule::report => "`report`",
        Rule::section => "`section`",
        Rule::section_table => "`table`",
        Rule::variants => "`or`",
        Rule::treat => "`treat`",
        Rule::cell_class => "`blank` 或 `marks`",
        Rule::treatment => "`zero` 或 `unknown`",
        Rule::table => "`table`",
        Rule::table_item => "表格内容",
        Rule::part => "`part`",
        Rule::part_item => "`corner`、`values`、`columns` 或 `rows`",
        Rule::corner => "`corner`",
        Rule::values => "`values`",
        Rule::value_kind => "`count`、`amount` 或 `signed`",
        Rule::unit => "`unit`",
        Rule::columns => "`columns`",
        Rule::rows => "`rows`",
        Rule::axis_item => "行或列",
        Rule::group => "`group`",
        Rule::leaf => "行或列的 id",
        Rule::unlabeled => "`unlabeled`",
        Rule::optional => "`optional`",
        Rule::check => "`check`",
        Rule::severity => "级别 `error`、`warning`、`info`（或 `错误`、`警告`、`提示`）",
        Rule::check_item => "检查内容",
        Rule::message => "`message`",
        Rule::basis => "`basis`",
        Rule::explain => "`explain`",
        Rule::each => "`each`",
        Rule::binding => "变量定义（如 c in columns(T3)）",
        Rule::domain => "范围（如 `rows(T3)`、`columns(T3)`）",
        Rule::domain_kind => {
            "`rows`、`columns`、`cells`、`row_groups`、`column_groups`、`sections` 或 `said`"
        }
        Rule::when => "`when`",
        Rule::assert => "`assert`",
        Rule::expr => "表达式",
        Rule::prefix_op => "`not` 或 `-`",
        Rule::infix_op => "运算符",
        Rule::primary => "数字、单元格或函数调用",
        Rule::call => "函数调用",
        Rule::paren => "括号中的表达式",
        Rule::cell_ref => "单元格引用（如 T3[R1, NP]）",
        Rule::selector => "行或列的 id",
        Rule::func => "函数名",
        Rule::var => "变量",
        Rule::number => "数字",
        Rule::name => "名称",
        Rule::ident => "id",
        Rule::ident_char => "id 字符",
        Rule::string => "带引号的文字",
        Rule::string_inner | Rule::curly_inner | Rule::single_inner | Rule::curly_piece => "文字",
        Rule::escape => "`\\\"`、`\\\\` 或 `\\n`",
        Rule::eq_sign => "`=`",
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::lbracket => "`[`",
        Rule::rbracket => "`]`",
        Rule::comma => "`,`",
        Rule::star => "`*`",
        Rule::op_or => "`or`",
        Rule::op_and => "`and`",
        Rule::op_not => "`not`",
        Rule::op_eq => "`==`",
        Rule::op_ne => "`!=`",
        Rule::op_le => "`<=`",
        Rule::op_ge => "`>=`",
        Rule::op_lt => "`<`",
        Rule::op_gt => "`>`",
        Rule::op_add => "`+`",
        Rule::op_sub => "`-`",
        Rule::op_mul => "`*`",
        Rule::op_neg => "`-`",
        Rule::keyword => "关键字",
        Rule::keyword_start => "关键字",
        Rule::kw_template => "`template`",
        Rule::kw_issued => "`issued`",
        Rule::kw_signature => "`signature`",
        Rule::kw_subtotal => "`subtotal`",
        Rule::kw_report => "`report`",
        Rule::kw_section => "`section`",
        Rule::kw_treat => "`treat`",
        Rule::kw_blank => "`blank`",
        Rule::kw_marks => "`marks`",
        Rule::kw_as => "`as`",
        Rule::kw_zero => "`zero`",
        Rule::kw_unknown => "`unknown`",
        Rule::kw_table => "`table`",
        Rule::kw_part => "`part`",
        Rule::kw_corner => "`corner`",
        Rule::kw_values => "`values`",
        Rule::kw_count => "`count`",
        Rule::kw_amount => "`amount`",
        Rule::kw_signed => "`signed`",
        Rule::kw_unit => "`unit`",
        Rule::kw_columns => "`columns`",
        Rule::kw_rows => "`rows`",
        Rule::kw_group => "`group`",
        Rule::kw_unlabeled => "`unlabeled`",
        Rule::kw_optional => "`optional`",
        Rule::kw_or => "`or`",
        Rule::kw_check => "`check`",
        Rule::kw_error => "`error`",
        Rule::kw_warning => "`warning`",
        Rule::kw_info => "`info`",
        Rule::kw_message => "`message`",
        Rule::kw_basis => "`basis`",
        Rule::kw_explain => "`explain`",
        Rule::kw_each => "`each`",
        Rule::kw_in => "`in`",
        Rule::kw_cells => "`cells`",
        Rule::kw_row_groups => "`row_groups`",
        Rule::kw_column_groups => "`column_groups`",
        Rule::kw_sections => "`sections`",
        Rule::kw_when => "`when`",
        Rule::kw_assert => "`assert`",
        Rule::example => "`example`",
        Rule::extends => "`extends`",
        Rule::patch => "`patch table`",
        Rule::patch_op => "`add`、`remove` 或 `relabel`",
        Rule::add_op => "`add`",
        Rule::axis_kind => "`row` 或 `column`",
        Rule::position => "`after` 或 `before`",
        Rule::remove_op => "`remove`",
        Rule::relabel_op => "`relabel`",
        Rule::remove => "`remove check` 或 `remove table`",
        Rule::severity_change => "`severity`",
        Rule::kw_extends => "`extends`",
        Rule::kw_patch => "`patch`",
        Rule::kw_add => "`add`",
        Rule::kw_remove => "`remove`",
        Rule::kw_relabel => "`relabel`",
        Rule::kw_row => "`row`",
        Rule::kw_column => "`column`",
        Rule::kw_after => "`after`",
        Rule::kw_before => "`before`",
        Rule::kw_severity => "`severity`",
        Rule::expectation => "`pass` 或 `fail`",
        Rule::example_item => {
            "例子中的单元格（如 T3[R1, NP] = 2）、`year`、`absent`、`text`、`agency`、`previous`、`other` 或 `child`"
        }
        Rule::previous_item => "另一份报告的单元格、`absent`、`text` 或 `agency`",
        Rule::example_cell => "例子中的单元格",
        Rule::example_value => "数字、`blank` 或带引号的文字",
        Rule::signed_number => "数字",
        Rule::example_year => "`year = 年份`",
        Rule::example_absent => "`absent 章节`",
        Rule::example_previous => "`previous { … }`（上一年度的报告）",
        Rule::kw_previous => "`previous`",
        Rule::example_other => "`other { … }`（同一年度另一单位的报告）",
        Rule::example_child => "`child { … }` 或 `child missing \"单位\"`（所属单位的报告）",
        Rule::example_missing => "`missing \"单位\"`",
        Rule::example_agency => "`agency \"机关名称\"`",
        Rule::kw_other => "`other`",
        Rule::kw_child => "`child`",
        Rule::kw_missing => "`missing`",
        Rule::kw_agency => "`agency`",
        Rule::kw_example => "`example`",
        Rule::kw_pass => "`pass`",
        Rule::kw_fail => "`fail`",
        Rule::kw_year => "`year`",
        Rule::kw_absent => "`absent`",
        Rule::fact => "`fact`",
        Rule::fact_item => "`in`、`say` 或 `except`",
        Rule::fact_scope => "`in 章节`",
        Rule::say => "`say`",
        Rule::means => "`means`",
        Rule::except => "`except`",
        Rule::example_text => "`text \"正文\"`",
        Rule::kw_fact => "`fact`",
        Rule::kw_say => "`say`",
        Rule::kw_means => "`means`",
        Rule::kw_except => "`except`",
        Rule::kw_said => "`said`",
        Rule::kw_text => "`text`",
    }
}

/// Tokens that carry no meaning once the tree is built (brackets, commas, keywords).
pub(super) fn is_punctuation(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::lbrace
            | Rule::rbrace
            | Rule::lparen
            | Rule::rparen
            | Rule::lbracket
            | Rule::rbracket
            | Rule::comma
            | Rule::kw_template
            | Rule::kw_issued
            | Rule::kw_signature
            | Rule::kw_subtotal
            | Rule::kw_report
            | Rule::kw_section
            | Rule::kw_treat
            | Rule::kw_as
            | Rule::kw_table
            | Rule::kw_part
            | Rule::kw_corner
            | Rule::kw_values
            | Rule::kw_unit
            | Rule::kw_columns
            | Rule::kw_rows
            | Rule::kw_group
            | Rule::kw_unlabeled
            | Rule::kw_optional
            | Rule::kw_or
            | Rule::kw_check
            | Rule::kw_message
            | Rule::kw_basis
            | Rule::kw_explain
            | Rule::kw_each
            | Rule::kw_in
            | Rule::kw_when
            | Rule::kw_assert
            | Rule::kw_example
            | Rule::kw_extends
            | Rule::kw_patch
            | Rule::kw_add
            | Rule::kw_relabel
            | Rule::kw_severity
            | Rule::kw_year
            | Rule::kw_absent
            | Rule::kw_previous
            | Rule::kw_other
            | Rule::kw_child
            | Rule::kw_missing
            | Rule::kw_agency
            | Rule::kw_fact
            | Rule::kw_say
            | Rule::kw_means
            | Rule::kw_except
            | Rule::kw_text
    )
}

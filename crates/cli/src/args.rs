//! Command-line arguments (clap derive). Help texts are the user's manual: short lines, Chinese
//! first, because clap cannot wrap Chinese text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use nianbao_read::Limits;

/// nianbao（年报）：检查政府信息公开工作年度报告是否符合国办规定的格式和勾稽关系
#[derive(Debug, Parser)]
#[command(name = "nianbao", version)]
#[command(after_help = "\
退出码 / exit codes:
  0  没有错误（可能有警告）    clean, or warnings only
  1  报告中有错误              error findings
  2  命令用法不对              usage error
  3  规则文件或说明文件有错    invalid rule or explanations file
  4  报告文件无法读取          unreadable document
（fix 的退出码见 nianbao fix --help）

示例 / examples:
  nianbao check 年报.txt
  nianbao check --format json 报告/*.txt > 结果.json
  nianbao extract 年报.txt
  nianbao fix 年报.docx --output 年报-改正.docx
  nianbao explain T3-01")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// 何时使用颜色（也遵循 NO_COLOR 环境变量）
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// 输出到终端且未设置 NO_COLOR 时使用颜色
    Auto,
    /// 总是使用颜色
    Always,
    /// 不使用颜色
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查年度报告：表格数字的勾稽关系、格式与完整性
    Check(CheckArgs),
    /// 显示从报告中读到的表格（用来核对读取是否正确）
    Extract(ExtractArgs),
    /// 规则文件：检查、列出其中的检查项
    #[command(subcommand)]
    Rules(RulesCommand),
    /// 解释一个检查项（如 T3-01）或诊断代码（如 bind::missing-row）
    Explain(ExplainArgs),
    /// 改正能确定的填错单元格：写出改正后的副本，或显示改动
    Fix(FixArgs),
}

/// Which rule files make the rule set: the built-in ones, a project's `nianbao-rules`
/// folder, and files given with `--rules`.
#[derive(Debug, Args, Default, Clone)]
pub struct RuleFiles {
    /// 加用这个规则文件（可多次给出）：其中的模板加到内置模板之外，同 id 的代替内置的（当前目录或上级目录的 nianbao-rules 文件夹中的 *.rules 自动加用）
    #[arg(long = "rules", value_name = "FILE")]
    pub rule_files: Vec<PathBuf>,
    /// 只用 --rules 给出的规则文件，不用内置规则和 nianbao-rules 文件夹
    #[arg(long, requires = "rule_files")]
    pub only_rules: bool,
}

/// Which rules to use.
#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub sources: RuleFiles,
    /// 指定模板 id（默认按报告内容自动选择）：gov-2021 或 gov-2019
    #[arg(long, value_name = "ID")]
    pub template: Option<String>,
    /// 在标准错误输出中说明选用了哪个模板、为什么
    #[arg(long, short)]
    pub verbose: bool,
}

/// `nianbao check`
#[derive(Debug, Args)]
#[command(after_help = "\
每个不成立的勾稽关系输出一条诊断，标出报告原文中参与计算的每个单元格，
最后每个文件一行小结；检查多个文件时最后还有汇总（各检查项涉及几份报告、每份报告一行）。
诊断写到标准输出，文件无法读取等问题写到标准错误。

可以给文件，也可以给文件夹（检查其中所有报告文件，含子文件夹，跟随符号链接；跳过隐藏文件和 ~$ 开头的临时文件）。
多个文件并行检查，结果按给出的顺序输出。

退出码：有错误为 1（--fail-level 可改），有文件无法读取或无法检查为 4；都有时为 4。

示例 / examples:
  nianbao check 年报.txt
  nianbao check 各单位年报/                         # 整个文件夹
  nianbao check --glob \"年报/**/*.docx\" --exclude \"**/草稿/**\"
  nianbao check --files-from 清单.txt                # 每行一个路径；- 为标准输入
  nianbao check --format csv --output 结果.csv 年报/
  nianbao check --format html --output 结果.html 年报/
  nianbao check --summary-only 年报/
  nianbao check --rules 本地规则.rules 年报.txt")]
pub struct CheckArgs {
    /// 要检查的报告文件或文件夹（可以有多个；- 表示从标准输入读取路径列表）
    #[arg(value_name = "PATH", required_unless_present_any = ["glob", "files_from"])]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// 把输出写到这个文件（默认写到标准输出）
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub batch: BatchArgs,
    #[command(flatten)]
    pub explanations: ExplanationArgs,
    /// 按这次的检查结果写出说明文件样板（每个结果一项，理由待填写）；文件已存在时不覆盖
    #[arg(long, value_name = "FILE")]
    pub write_explanations: Option<PathBuf>,
    /// 同一机关上一年度的报告：与它对照上年结转、内容雷同等（只对照一份报告；批量检查时不必给出，同一机关相邻年度的报告会自动配对）
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// 汇总关系清单（CSV，每行“单位,上级”，写文件名或机关名称）：批量检查时把汇总报告的表三、表四与所属单位报告之和对照
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// 只检查每份报告本身，不与上一年度、其他单位的报告对照（批量检查默认对照）
    #[arg(long, conflicts_with_all = ["previous", "manifest"])]
    pub no_compare: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Inputs besides the paths: patterns and lists.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// 按模式查找报告文件（如 "年报/**/*.docx"；由 nianbao 展开，Windows 也能用；可多次给出）
    #[arg(long, value_name = "PATTERN")]
    pub glob: Vec<String>,
    /// 跳过与模式相符的文件（如 "**/草稿/**"；可多次给出）
    #[arg(long, value_name = "PATTERN")]
    pub exclude: Vec<String>,
    /// 从文件读取要检查的路径，每行一个（- 为标准输入）
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
}

/// How a batch runs and what it reports.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// 只输出汇总（各检查项、各报告），不输出每个结果
    #[arg(long)]
    pub summary_only: bool,
    /// 每份报告最多输出这么多个结果（汇总仍计全部）
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
    /// 哪一级的结果使退出码为 1：error（默认）、warning，或 never（从不）
    #[arg(long, value_enum, default_value_t = FailLevel::Error)]
    pub fail_level: FailLevel,
    /// 重复的报告也都检查（默认内容相同、或同一机关同一年度且数字全部相同的只检查第一份，其余注明重复）
    #[arg(long)]
    pub keep_duplicates: bool,
    /// 不显示进度条
    #[arg(long, short)]
    pub quiet: bool,
    /// 同时检查的文件数（默认为处理器核数加一：写出结果也要占用处理器）
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
}

/// Which findings make exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    /// 有错误时
    Error,
    /// 有错误或警告时
    Warning,
    /// 从不（只有无法读取时为 4）
    Never,
}

/// Which explanations file (说明文件) to read: accepted findings are not reported again.
#[derive(Debug, Args)]
pub struct ExplanationArgs {
    /// 说明文件（已接受的检查结果及理由）；默认读取报告所在目录中的 nianbao-说明.toml
    #[arg(long, value_name = "FILE", conflicts_with = "no_explanations")]
    pub explanations: Option<PathBuf>,
    /// 不读取说明文件，报告全部检查结果
    #[arg(long)]
    pub no_explanations: bool,
}

/// `nianbao fix`
#[derive(Debug, Args)]
#[command(after_help = "\
只改“确定”的单元格：唯一能使所有检查都成立的改法。“可能”和“不能确定”的
只列出，不改。改动写到标准输出（每格一行：表、行、列、原数 → 新数、可能的笔误）；
文件读不了、写不出等问题写到标准错误。原文件只有加 --in-place 才会被改动。

不加 --output 或 --in-place 时只显示差异，不写任何文件：文本、网页、Markdown
显示文件各行的差异（unified diff）；.docx 显示改动的表格行。PDF、.doc 不能改写，
只列出每处改正所在的页码和位置。

退出码 / exit codes:
  0  改正后没有错误（或本来就没有错误）
  1  仍有错误：没有确定的改法，或文件格式不能改写（PDF、.doc）
  2  命令用法不对（如 --output 指向原文件）
  3  规则文件或说明文件有错
  4  报告文件无法读取，或无法改写（文件内容与读到的不一致、写不出文件）

示例 / examples:
  nianbao fix 年报.docx
  nianbao fix 年报.docx --output 年报-改正.docx
  nianbao fix 年报.txt --in-place")]
pub struct FixArgs {
    /// 要改正的报告文件
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// 把改正后的副本写到这个文件（原文件不变）
    #[arg(long, short, value_name = "FIXED", conflicts_with = "in_place")]
    pub output: Option<PathBuf>,
    /// 直接改正原文件
    #[arg(long)]
    pub in_place: bool,
    #[command(flatten)]
    pub rules: RulesArgs,
    #[command(flatten)]
    pub explanations: ExplanationArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Caps on what one document may cost. A file beyond one is reported (`limit::…`, exit 4)
/// and the other files are still checked. The defaults come from [`Limits::default`].
#[derive(Debug, Args)]
#[command(next_help_heading = "上限（超过时该文件报错、退出码 4，其余文件照常检查）")]
pub struct LimitArgs {
    /// 文件大小上限（如 64MiB、200M）
    #[arg(long, value_name = "SIZE", default_value_t = Size(Limits::default().file_size))]
    pub max_file_size: Size,
    /// .docx 解压后内容的总大小上限，防“压缩炸弹”
    #[arg(long, value_name = "SIZE", default_value_t = Size(Limits::default().unzipped_size))]
    pub max_unzipped_size: Size,
    /// .docx（zip 压缩包）里的文件个数上限
    #[arg(long, value_name = "N", default_value_t = Limits::default().zip_entries)]
    pub max_zip_entries: usize,
    /// HTML 和 .docx 中元素的嵌套层数上限
    #[arg(long, value_name = "N", default_value_t = Limits::default().depth)]
    pub max_depth: usize,
    /// 一个表格的行数上限
    #[arg(long, value_name = "N", default_value_t = Limits::default().table_rows)]
    pub max_table_rows: usize,
    /// 表格一行的单元格个数上限
    #[arg(long, value_name = "N", default_value_t = Limits::default().table_columns)]
    pub max_table_columns: usize,
    /// 读取一个文件可用的内存上限（按要建立的元素、行数估算；如 1GiB、4G）
    #[arg(long, value_name = "SIZE", default_value_t = Size(Limits::default().memory))]
    pub max_memory: Size,
    /// 每个文件的处理时间上限（如 30s、2m、500ms）
    #[arg(long, value_name = "TIME", default_value_t = nianbao_check::DEFAULT_TIMEOUT.into())]
    pub timeout: humantime::Duration,
}

impl LimitArgs {
    /// The reader's limits.
    pub fn reader(&self) -> Limits {
        Limits {
            file_size: self.max_file_size.0,
            unzipped_size: self.max_unzipped_size.0,
            zip_entries: self.max_zip_entries,
            depth: self.max_depth,
            table_rows: self.max_table_rows,
            table_columns: self.max_table_columns,
            memory: self.max_memory.0,
        }
    }
}

/// A size in bytes, written with a unit: `64MiB`, `200M` (read as MiB), `1G`, `4096`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size(pub u64);

impl std::str::FromStr for Size {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_size::Config::new()
            .with_binary()
            .parse_size(text)
            .map(Size)
            .map_err(|e| format!("无法识别的大小 `{text}`（{e}）；请写成 64MiB、200M 或字节数"))
    }
}

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&nianbao_read::size_flag(self.0))
    }
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// 图形化诊断，标出报告中的单元格
    Human,
    /// 纯文本叙述，适合读屏软件和日志
    Plain,
    /// 每个结果一行（文件:行:列: 代码 说明），适合大批量
    Concise,
    /// JSON：一个文档，含全部报告
    Json,
    /// JSON Lines：每份报告一行，边检查边输出
    Jsonl,
    /// CSV：每个结果一行（UTF-8 带 BOM，Excel 可直接打开）
    Csv,
    /// SARIF 2.1.0：代码审查与 CI 平台通用的结果格式
    Sarif,
    /// JUnit XML：供 CI 流水线显示
    Junit,
    /// 一个独立的网页：汇总表、每份报告的结果、出错表格的网格图
    Html,
}

/// `nianbao extract`
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// 报告文件或文件夹（可以有多个；- 表示从标准输入读取路径列表）
    #[arg(value_name = "PATH", required_unless_present_any = ["glob", "files_from"])]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = ExtractFormat::Table)]
    pub format: ExtractFormat,
    /// 把输出写到这个文件（默认写到标准输出）
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 同时读取的文件数（默认为处理器核数加一：写出结果也要占用处理器）
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Output formats of `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// 按模板的行列打印表格
    Table,
    /// JSON：每个单元格的行列、数值、原文和位置（只用于一个文件）
    Json,
    /// JSON Lines：每份报告一行，内容同 json
    Jsonl,
    /// CSV 汇总表：每份报告一行，每个单元格一列（列名为官方行列名称；UTF-8 带 BOM）
    Csv,
    /// CSV 长表：每份报告的每个单元格一行（文件、机关、年度、表格、行、列、数值）
    CsvLong,
}

/// `nianbao rules …`
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// 检查规则文件是否有错（语法、行列名称、引用）
    Check {
        /// 规则文件
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// 用修改后的规则和内置规则分别检查这些样本报告，列出对不上的行列和增减的检查结果（预览，不影响退出码）
        #[arg(long, value_name = "REPORT", num_args = 1..)]
        against: Vec<PathBuf>,
    },
    /// 运行规则文件中每个检查自带的例子（example pass / example fail）
    Test {
        /// 规则文件（省略时测试内置规则）
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// 把规则文件整理成标准格式（缩进、空行）；含义不变
    Fmt {
        /// 规则文件（可以有多个）
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// 只检查是否已是标准格式，不改文件（不是时退出码为 1）
        #[arg(long)]
        check: bool,
    },
    /// 把内置规则文件写到一个文件夹（默认 nianbao-rules），供修改；在该文件夹所在目录及其下级目录运行时自动使用
    Export {
        /// 目标文件夹
        #[arg(value_name = "DIR", default_value = "nianbao-rules")]
        dir: PathBuf,
        /// 覆盖文件夹中内容不同的同名文件
        #[arg(long)]
        force: bool,
    },
    /// 列出所有检查项：id、严重程度、标题
    List {
        #[command(flatten)]
        rules: RuleFiles,
    },
}

/// `nianbao explain`
#[derive(Debug, Args)]
#[command(after_help = "\
给出诊断代码的前缀（如 bind、limit::、read）时，列出其下的每个代码：代码、严重程度和一句话说明。

示例 / examples:
  nianbao explain T3-01
  nianbao explain bind::missing-row
  nianbao explain bind")]
pub struct ExplainArgs {
    /// 检查项 id（如 T3-01）、诊断代码（如 bind::missing-row）或代码前缀（如 bind）
    #[arg(value_name = "ID")]
    pub id: String,
    #[command(flatten)]
    pub rules: RuleFiles,
}

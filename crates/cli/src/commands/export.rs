//! `nianbao rules export [DIR]`: the built-in rule files written out for staff to edit. A
//! folder named like [`load::PROJECT_FOLDER`] is then found and used by every run below it.

use std::path::Path;

use nianbao_rules::builtin::BUILTIN;

use crate::{Context, Exit, load};

pub fn run(dir: &Path, force: bool, context: &mut Context<'_>) -> Exit {
    if let Err(error) = std::fs::create_dir_all(dir) {
        let problem = nianbao_read::io_reason(&error);
        let _ = writeln!(
            context.err,
            "错误：无法创建文件夹 {}：{problem}",
            dir.display()
        );
        return Exit::Unreadable;
    }
    let mut exit = Exit::Clean;
    for rules in BUILTIN {
        let name = Path::new(rules.name).file_name().unwrap_or_default();
        let path = dir.join(name);
        let shown = path.display();
        match std::fs::read(&path) {
            Ok(old) if old == rules.text.as_bytes() => {
                let _ = writeln!(context.out, "{shown}：与内置规则相同，未改动");
                continue;
            }
            Ok(_) if !force => {
                let _ = writeln!(
                    context.err,
                    "错误：{shown} 已存在且内容与内置规则不同（可能是修改过的规则），未覆盖；\
                     确要覆盖请加 --force"
                );
                exit = Exit::Usage;
                continue;
            }
            _ => {}
        }
        match std::fs::write(&path, rules.text) {
            Ok(()) => {
                let _ = writeln!(context.out, "{shown}：已写出");
            }
            Err(error) => {
                let problem = nianbao_read::io_reason(&error);
                let _ = writeln!(context.err, "错误：无法写入 {shown}：{problem}");
                exit = Exit::Unreadable;
            }
        }
    }
    if exit == Exit::Clean {
        let folder = load::PROJECT_FOLDER;
        let hint = if dir.file_name().is_some_and(|n| n == folder) {
            format!(
                "在 {} 及其下级目录中运行 nianbao 时，会自动使用这个文件夹中的规则文件",
                dir.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map_or_else(|| "当前目录".to_owned(), |p| p.display().to_string())
            )
        } else {
            format!("用 --rules 指定其中的文件，或把文件夹改名为 {folder} 以便自动使用")
        };
        let _ = writeln!(
            context.out,
            "说明：{hint}；修改后可用 nianbao rules check 检查"
        );
    }
    exit
}

"""Commands for the web app and its users (issue 8): serve, user add/list/passwd, screenshots."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from redfunnel.cli.app import JsonFlag, app, emit_json, engine, err, fail, out, state

user_app = typer.Typer(help="网页用户：新增、列出、重置密码。", no_args_is_help=True)
app.add_typer(user_app, name="user")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="监听地址（默认仅本机 127.0.0.1）")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
    secure_cookies: Annotated[bool, typer.Option("--secure-cookies", help="仅通过 HTTPS 发送会话 Cookie（部署在 TLS 反向代理之后时使用）")] = False,
    warm: Annotated[bool, typer.Option("--warm/--no-warm", help="启动后在后台预先计算各页面数据")] = True,
    workers: Annotated[int, typer.Option("--workers", help="工作进程数（多核时可设为 CPU 核数）")] = 1,
) -> None:
    """启动网页应用（FastAPI），打印访问地址；演示工作区会同时打印演示账号。

    Example:
        redfunnel --home ./.demo serve --host 127.0.0.1 --port 8000
    """
    from redfunnel.web.app import create_app
    from redfunnel.web.asgi import warm_in_background
    from redfunnel.web.demo import LOGINS_FILE
    from redfunnel.web.server import serve_forever
    from redfunnel.web.users import list_users

    eng = engine()
    web = create_app(eng, state.settings, secure_cookies=secure_cookies)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    out.print(f"redfunnel 网页应用：http://{shown_host}:{port}/  （按 Ctrl+C 停止）")
    out.print(f"数据库：{state.settings.resolved_database_url()}")
    logins = state.settings.home / LOGINS_FILE
    if logins.exists():
        out.print(f"演示账号（{logins}）：")
        for line in logins.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                name, role, password = (line.split("\t") + ["", ""])[:3]
                out.print(f"  {name:<18} {role:<8} 密码 {password}", markup=False, highlight=False)
    elif not list_users(eng):
        err.print("[yellow]提示[/yellow] 尚无用户：请先运行 redfunnel user add 用户名 --admin")
    if host not in ("127.0.0.1", "localhost", "::1") and not secure_cookies:
        err.print("[yellow]提示[/yellow] 正在非本机地址上以 HTTP 提供服务；生产环境请置于 HTTPS 反向代理之后并使用 --secure-cookies")
    if workers > 1:
        import os

        import uvicorn

        os.environ.update(REDFUNNEL_HOME=str(state.settings.home),
                          REDFUNNEL_SECURE_COOKIES="1" if secure_cookies else "0",
                          REDFUNNEL_WARM="1" if warm else "0")
        if state.settings.database_url:
            os.environ["REDFUNNEL_DATABASE_URL"] = state.settings.database_url
        uvicorn.run("redfunnel.web.asgi:app_from_env", factory=True, host=host, port=port,
                    workers=workers, log_level="warning", access_log=False, server_header=False,
                    lifespan="off",
                    # A first request builds sections for seconds while holding the GIL; the
                    # default 5 s health check would restart a busy worker mid-request.
                    timeout_worker_healthcheck=120)
        return
    if warm:
        warm_in_background(web)
    serve_forever(web, host=host, port=port)


def _read_password_stdin() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise fail("标准输入中没有密码")
    return password


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="用户名（字母、数字、汉字或 _ . -）")],
    admin: Annotated[bool, typer.Option("--admin", help="管理员（等同 --role admin）")] = False,
    role: Annotated[str | None, typer.Option("--role", help="角色：admin、manager、compliance、operator、viewer")] = None,
    accounts: Annotated[str | None, typer.Option("--accounts", help="运营授权的账号名，逗号分隔（各平台同名账号都包含）")] = None,
    teams: Annotated[str | None, typer.Option("--teams", help="运营授权的负责团队，逗号分隔（如 广东省分行个人金融部）")] = None,
    display_name: Annotated[str | None, typer.Option("--display-name", help="显示名")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码（否则生成随机密码并打印一次）")] = False,
    as_json: JsonFlag = False,
) -> None:
    """新增网页用户；没有默认密码：随机生成并只打印一次，或用 --password-stdin 读入。

    Example:
        redfunnel user add alice --admin
        echo 'a-long-passphrase' | redfunnel user add gd-op --role operator --teams 广东省分行个人金融部 --password-stdin
    """
    from redfunnel.ingest.pipeline import whoami
    from redfunnel.web.users import Grant, UserError, add_user, unknown_grants

    if admin and role and role != "admin":
        raise fail("--admin 与 --role 冲突")
    chosen = "admin" if admin else (role or "viewer")
    grants = [Grant("account", a.strip()) for a in (accounts or "").split(",") if a.strip()]
    grants += [Grant("team", t.strip()) for t in (teams or "").split(",") if t.strip()]
    password = _read_password_stdin() if password_stdin else None
    eng = engine()
    try:
        user, generated = add_user(eng, name, chosen, actor=whoami(), password=password,
                                   display_name=display_name, grants=grants)
    except UserError as exc:
        raise fail(str(exc)) from exc
    unknown = unknown_grants(eng, grants)
    if as_json:
        emit_json({"user": user.to_dict(), "password": generated,
                   "unknown_grants": [g.label() for g in unknown]})
        return
    out.print(f"已创建用户 {user.name}（{user.role_label}）")
    if generated:
        out.print(f"初始密码（只显示这一次）：{generated}", markup=False, highlight=False)
    for g in unknown:
        err.print(f"[yellow]提示[/yellow] 库中还没有{g.label()}（导入账号台账后生效）")


@user_app.command("list")
def user_list(as_json: JsonFlag = False) -> None:
    """列出网页用户、角色与授权范围。

    Example:
        redfunnel user list --json
    """
    from redfunnel.web.users import list_users

    users = list_users(engine())
    if as_json:
        emit_json([u.to_dict() for u in users])
        return
    table = Table(title=f"用户（{len(users)}）")
    for col in ("用户名", "显示名", "角色", "授权范围", "状态"):
        table.add_column(col)
    for u in users:
        scope = "、".join(g.label() for g in u.grants) or "无授权" if u.scoped else "全部账号"
        table.add_row(u.name, u.display_name or "-", u.role_label, scope, "启用" if u.active else "停用")
    out.print(table)


@user_app.command("passwd")
def user_passwd(
    name: Annotated[str, typer.Argument(help="用户名")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取新密码（否则随机生成并打印一次）")] = False,
    as_json: JsonFlag = False,
) -> None:
    """重置用户密码（该用户的所有登录立即失效）。

    Example:
        redfunnel user passwd alice
    """
    from redfunnel.ingest.pipeline import whoami
    from redfunnel.web.users import UserError, get_user_by_name, set_password

    eng = engine()
    user = get_user_by_name(eng, name)
    if user is None:
        raise fail(f"用户不存在：{name}")
    try:
        generated = set_password(eng, user.id, actor=whoami(),
                                 password=_read_password_stdin() if password_stdin else None)
    except UserError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        emit_json({"user": name, "password": generated})
    elif generated:
        out.print(f"{name} 的新密码（只显示这一次）：{generated}", markup=False, highlight=False)
    else:
        out.print(f"已更新 {name} 的密码")


@app.command()
def screenshots(
    out_dir: Annotated[Path, typer.Option("--out", help="输出目录（每个角色每个页面一张 PNG）")],
    roles: Annotated[str | None, typer.Option("--roles", help="只截这些角色，逗号分隔")] = None,
    as_json: JsonFlag = False,
) -> None:
    """用本机 Chromium 为每个角色可见的每个页面截图（PNG），用于检查与交付文档。

    Example:
        redfunnel --home ./.demo screenshots --out ./screenshots
    """
    from redfunnel.web.app import create_app
    from redfunnel.web.screenshots import ScreenshotError, take_screenshots
    from redfunnel.web.server import background_server

    eng = engine()
    web = create_app(eng, state.settings)
    wanted = [r.strip() for r in roles.split(",")] if roles else None
    try:
        with background_server(web) as base:
            shots = take_screenshots(eng, base, out_dir, roles=wanted)
    except ScreenshotError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        emit_json([{"role": s.role, "user": s.user, "page": s.page, "path": s.path,
                    "status": s.status, "charts": s.charts, "file": str(s.file)} for s in shots])
        return
    table = Table(title=f"截图（{len(shots)} 张）→ {out_dir}")
    for col in ("角色", "用户", "页面", "状态", "图表", "文件"):
        table.add_column(col)
    for s in shots:
        table.add_row(s.role, s.user, s.path, str(s.status), str(s.charts), s.file.name)
    out.print(table)

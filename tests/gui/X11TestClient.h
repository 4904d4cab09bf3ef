// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <algorithm>
#include <cstdlib>
#include <xcb/xcb.h>
#include <xcb/xcb_keysyms.h>

namespace audin::test {

/** Another X client on its own connection: it holds the keyboard focus and may grab keys itself. */
class OtherClient
{
public:
    OtherClient()
    {
        int screenNumber = 0;
        m_connection = xcb_connect(nullptr, &screenNumber);
        if (xcb_connection_has_error(m_connection))
            return;
        xcb_screen_iterator_t screens = xcb_setup_roots_iterator(xcb_get_setup(m_connection));
        for (int i = 0; i < screenNumber; ++i)
            xcb_screen_next(&screens);
        m_root = screens.data->root;
        m_symbols = xcb_key_symbols_alloc(m_connection);
    }
    ~OtherClient()
    {
        if (m_symbols)
            xcb_key_symbols_free(m_symbols);
        xcb_disconnect(m_connection);
    }
    OtherClient(const OtherClient &) = delete;
    OtherClient &operator=(const OtherClient &) = delete;

    bool isValid() const { return m_symbols && !xcb_connection_has_error(m_connection); }
    xcb_window_t root() const { return m_root; }

    /** Maps a window that listens for key presses and gives it the input focus. */
    bool takeFocus()
    {
        m_window = xcb_generate_id(m_connection);
        const uint32_t events[] = {XCB_EVENT_MASK_KEY_PRESS};
        xcb_create_window(m_connection, XCB_COPY_FROM_PARENT, m_window, m_root, 0, 0, 320, 200, 0,
                          XCB_WINDOW_CLASS_INPUT_OUTPUT, XCB_COPY_FROM_PARENT, XCB_CW_EVENT_MASK, events);
        xcb_map_window(m_connection, m_window);
        // No window manager: the window is viewable as soon as the map request is processed, before this one.
        const xcb_void_cookie_t cookie
            = xcb_set_input_focus_checked(m_connection, XCB_INPUT_FOCUS_POINTER_ROOT, m_window, XCB_CURRENT_TIME);
        if (xcb_generic_error_t *error = xcb_request_check(m_connection, cookie)) {
            std::free(error);
            return false;
        }
        return hasFocus();
    }

    /** An unmapped window, to tell from another connection when this client is gone. */
    xcb_window_t createWindow()
    {
        const xcb_window_t window = xcb_generate_id(m_connection);
        xcb_create_window(m_connection, XCB_COPY_FROM_PARENT, window, m_root, 0, 0, 1, 1, 0,
                          XCB_WINDOW_CLASS_INPUT_OUTPUT, XCB_COPY_FROM_PARENT, 0, nullptr);
        std::free(xcb_get_input_focus_reply(m_connection, xcb_get_input_focus(m_connection), nullptr));
        return window;
    }
    bool windowExists(xcb_window_t window) const
    {
        xcb_get_geometry_reply_t *reply
            = xcb_get_geometry_reply(m_connection, xcb_get_geometry(m_connection, window), nullptr);
        std::free(reply);
        return reply != nullptr;
    }

    bool hasFocus() const
    {
        xcb_get_input_focus_reply_t *reply
            = xcb_get_input_focus_reply(m_connection, xcb_get_input_focus(m_connection), nullptr);
        const bool focused = reply && reply->focus == m_window;
        std::free(reply);
        return focused;
    }

    /** Whether this client's window received a press of `keycode` (everything the server sent so far). */
    bool receivedKeyPress(xcb_keycode_t keycode)
    {
        // A round trip: every event the server generated before it is in our queue afterwards.
        std::free(xcb_get_input_focus_reply(m_connection, xcb_get_input_focus(m_connection), nullptr));
        while (xcb_generic_event_t *event = xcb_poll_for_event(m_connection)) {
            if ((event->response_type & 0x7f) == XCB_KEY_PRESS)
                m_pressed.append(reinterpret_cast<xcb_key_press_event_t *>(event)->detail);
            std::free(event);
        }
        return m_pressed.contains(keycode);
    }
    void forgetKeyPresses()
    {
        receivedKeyPress(0);
        m_pressed.clear();
    }

    /** The key that gives `keysym` without Shift on the current keymap; 0 when none. */
    xcb_keycode_t keycode(xcb_keysym_t keysym)
    {
        xcb_key_symbols_free(m_symbols); // the keymap may have changed since
        m_symbols = xcb_key_symbols_alloc(m_connection);
        const xcb_setup_t *setup = xcb_get_setup(m_connection);
        for (int code = setup->min_keycode; code <= setup->max_keycode; ++code) {
            if (xcb_key_symbols_get_keysym(m_symbols, xcb_keycode_t(code), 0) == keysym)
                return xcb_keycode_t(code);
        }
        return 0;
    }

    /** A passive grab on the root, as a hot-key daemon makes one. False when someone else holds it. */
    bool grabKey(xcb_keysym_t keysym, uint16_t modifiers)
    {
        const xcb_void_cookie_t cookie = xcb_grab_key_checked(m_connection, 0, m_root, modifiers, keycode(keysym),
                                                              XCB_GRAB_MODE_ASYNC, XCB_GRAB_MODE_ASYNC);
        xcb_generic_error_t *error = xcb_request_check(m_connection, cookie);
        std::free(error);
        return !error;
    }
    void ungrabKey(xcb_keysym_t keysym, uint16_t modifiers)
    {
        const xcb_void_cookie_t cookie = xcb_ungrab_key_checked(m_connection, keycode(keysym), m_root, modifiers);
        std::free(xcb_request_check(m_connection, cookie));
    }

    /** The modifier and lock state the server reports now. */
    uint16_t modifierState()
    {
        xcb_query_pointer_reply_t *reply
            = xcb_query_pointer_reply(m_connection, xcb_query_pointer(m_connection, m_root), nullptr);
        const uint16_t mask = reply ? reply->mask : 0;
        std::free(reply);
        return mask;
    }

    /** The keysyms of `keycode` as the core protocol lists them. */
    QList<xcb_keysym_t> keysymsOf(xcb_keycode_t keycode, int *perKeycode)
    {
        xcb_get_keyboard_mapping_reply_t *reply
            = xcb_get_keyboard_mapping_reply(m_connection, xcb_get_keyboard_mapping(m_connection, keycode, 1), nullptr);
        QList<xcb_keysym_t> keysyms;
        if (reply) {
            const xcb_keysym_t *values = xcb_get_keyboard_mapping_keysyms(reply);
            keysyms = QList<xcb_keysym_t>(values, values + reply->keysyms_per_keycode);
            *perKeycode = reply->keysyms_per_keycode;
        }
        std::free(reply);
        return keysyms;
    }
    /** A keycode with no symbol at all (every X keymap has spare ones). */
    xcb_keycode_t spareKeycode()
    {
        const xcb_setup_t *setup = xcb_get_setup(m_connection);
        for (int code = setup->max_keycode; code >= setup->min_keycode; --code) {
            int per = 0;
            const QList<xcb_keysym_t> keysyms = keysymsOf(xcb_keycode_t(code), &per);
            if (!keysyms.isEmpty() && std::all_of(keysyms.cbegin(), keysyms.cend(), [](xcb_keysym_t k) { return !k; }))
                return xcb_keycode_t(code);
        }
        return 0;
    }
    bool setKeysyms(xcb_keycode_t keycode, const QList<xcb_keysym_t> &keysyms)
    {
        const xcb_void_cookie_t cookie = xcb_change_keyboard_mapping_checked(
            m_connection, 1, keycode, uint8_t(keysyms.size()), keysyms.constData());
        xcb_generic_error_t *error = xcb_request_check(m_connection, cookie);
        std::free(error);
        return !error;
    }

private:
    xcb_connection_t *m_connection = nullptr;
    xcb_key_symbols_t *m_symbols = nullptr;
    xcb_window_t m_root = 0;
    xcb_window_t m_window = 0;
    QList<xcb_keycode_t> m_pressed;
};

} // namespace audin::test
